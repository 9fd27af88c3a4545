// attest:ignore[a]   
// attest:ignore[b,, c] -- why  // trailing
