// KioskSimulation: placeholder until its first file lands.
