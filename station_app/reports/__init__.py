"""Printed documents: a small reportlab toolkit and the documents built with it.

Data in, file out; no Qt and no database here, so a report can be made from the CLI, a
background task or a test alike. The toolkit, one job per file:

- ``fonts``    the bundled CJK font, registered once under one name every document uses
- ``styles``   colours and paragraph styles (the union's "orange care" accent)
- ``page``     the A4 page template: header/footer hooks, "第 x 页 / 共 y 页" numbering
- ``qr``       a QR code as vector graphics (PDF) or a module matrix (PNG), quiet zone included
- ``textfit``  shrink-or-ellipsize a line of text into a width
- ``output``   write a file atomically; an OSError becomes a translated ServiceError
- ``tables``   the one table look (``data_table``); ``charts`` the report's bar charts

Documents: ``cards`` (A4 card sheet, single card), ``ecard`` (phone-screen PNG),
``period_pdf`` (the weekly/monthly report), ``count_sheet`` (stocktake).
"""
