"""The formats of ``hvcheck matrix``: every host against other products and releases. Every module
here has ``stream(data: MatrixData)``."""
