"""CRYPTO VIZ producers: a Kraken-like market simulator and a crypto news generator writing the
rawticker, rawtrade, rawalert and rawarticle topics (see apps/crypto_viz/README.md)."""
