"""Importers: turn a source's own downloaded file into a graphkit dataset folder.

One module per source. graphkit never downloads by itself: the user saves the
file, an importer converts it, and ``graphkit validate`` and ``graphkit load``
take the folder like any other.

* :mod:`graphkit.importers.unvotes` — UN General Assembly roll-call votes in
  the ``unvotes`` / TidyTuesday layout (Erik Voeten's data).
"""
