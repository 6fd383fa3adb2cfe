"""Renderers: plain data in, text out. Nothing here reads the store or exits."""
