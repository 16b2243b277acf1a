"""The domain: one module per subject. All writes happen here; events are emitted only from here,
after the transaction commits (see `server.bus`)."""
