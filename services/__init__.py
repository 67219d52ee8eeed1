"""Use cases shared by the JSON API and the web pages: they take a DB session and a Temporal
client, raise domain exceptions, and know nothing of HTTP."""
