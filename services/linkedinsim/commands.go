package linkedinsim

import "github.com/liaisonhq/liaison/platform/cli"

// Commands are the simulator binary's subcommands, run by cli.Main.
func Commands() []cli.Command[*Settings] {
	return []cli.Command[*Settings]{
		{Name: "serve", Help: "serve the simulated LinkedIn API, its OAuth endpoints and the /sim/ admin API", Run: Serve},
	}
}
