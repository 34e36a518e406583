"""Personal Data Vault: a local, encrypted store of personal data that organisations must ask before using."""

__version__ = "0.1.0"
APP_NAME = "Personal Data Vault"
APP_ID = "org.pdvault.PersonalDataVault"
