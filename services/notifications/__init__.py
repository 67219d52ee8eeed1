"""The message centre: notices derived from the case timelines and the deadline ledger, kept per
user, delivered on the page, by e-mail (SMTP) and by SMS (a sender behind an interface)."""
