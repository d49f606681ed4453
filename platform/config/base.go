package config

// Base lets a settings struct that embeds Common hand it out.
func (c *Common) Base() *Common { return c }
