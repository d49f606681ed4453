package follow

// Acquire takes or renews l, for tests that play a replica step by step.
var Acquire = (*Lease).acquire
