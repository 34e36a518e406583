"""SQLCipher storage: the encrypted connection, numbered migrations, repositories, atomic files and
backups."""
