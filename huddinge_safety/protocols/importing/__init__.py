"""Reading a protocol (sammanträdesprotokoll) as text into a structure, and saving it."""

from .parser import parse
from .text import UnreadableDocument, extract_text

__all__ = ["UnreadableDocument", "extract_text", "parse"]
