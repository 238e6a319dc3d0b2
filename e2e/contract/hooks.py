"""The tester's extensions: spreadsheet imports go out as raw bytes, as a
client uploads a file (the server reads and refuses what is no workbook)."""

import schemathesis

schemathesis.serializer.alias(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
)
