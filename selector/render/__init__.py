"""Stage 5: renderers, one module per output format."""
