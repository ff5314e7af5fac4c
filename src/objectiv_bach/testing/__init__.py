"""Test helpers for code built on Bach (the original's ``bach.testing``)."""
