"""Small reusable widgets: the password strength meter and the activity chart."""
