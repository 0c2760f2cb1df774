"""The book's plumbing: chapter parameters, figures, run output, the ledger and scorecard.

Nothing here computes physics; it arranges what :mod:`currentforces` computes for the book.
"""
