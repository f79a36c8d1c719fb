// KioskShell: placeholder until its first file lands.
