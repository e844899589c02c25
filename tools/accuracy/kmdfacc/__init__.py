"""kmdf-check's real-driver accuracy harness (tools/accuracy/run-accuracy)."""
