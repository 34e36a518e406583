"""Item models over immutable rows, loaded lazily through the task runner; ``data()`` never touches the
vault."""
