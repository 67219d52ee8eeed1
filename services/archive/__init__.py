"""The legal archive (执法案卷归档): each closed case's dossier, assembled, kept and read on record."""
