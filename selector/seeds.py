"""The study notes the knowledge cites, with their line counts, so every citation can be checked at load."""

SEED_LINES = {
    "000_20bfa66810fd66cf.txt": 1039,
    "001_660e50563e26e4d5.txt": 1001,
    "002_cdb75bc03e96d3fb.txt": 13184,
    "003_7cbc0a795392c610.txt": 2730,
    "004_314976be6aba402a.txt": 386,
}
