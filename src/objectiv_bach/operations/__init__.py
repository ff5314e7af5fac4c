"""Operation classes of the original Bach (``bach.operations``), thin over Bach's own modules."""
