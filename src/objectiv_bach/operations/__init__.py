"""The original's operation classes (``bach.operations``), behind Series and DataFrame methods."""
