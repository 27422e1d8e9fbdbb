"""The output stage: files written all or nothing (write.py), PDF through LibreOffice (pdf.py,
_uno_worker.py, watchdog.py), clean-up on signals (interrupt.py), and the action plan read
back (progress.py)."""
