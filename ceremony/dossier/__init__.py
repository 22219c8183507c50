"""The ceremony dossier: one PDF and one XLSX of everything that happened, built as a job."""
