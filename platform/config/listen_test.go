package config_test

import (
	"bytes"
	"testing"

	"github.com/liaisonhq/liaison/platform/config"
)

func TestDevBindsLoopbackUnlessAnAddressIsGiven(t *testing.T) {
	for _, c := range []struct {
		name string
		env  string
		args []string
		want string
	}{
		{"production default", "", nil, ":9101"},
		{"dev default", "", []string{"--dev"}, "127.0.0.1:9101"},
		{"dev, flag given", "", []string{"--dev", "--grpc-addr=:9101"}, ":9101"},
		{"dev, environment given", "0.0.0.0:7000", []string{"--dev"}, "0.0.0.0:7000"},
		{"dev, host given", "", []string{"--dev", "--grpc-addr=10.0.0.1:9101"}, "10.0.0.1:9101"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.env != "" {
				t.Setenv("LIAISON_GRPC_ADDR", c.env)
			}
			s := config.DefaultCommon("policy", ":9101")
			if err := config.Parse("test", &s, c.args, &bytes.Buffer{}); err != nil {
				t.Fatal(err)
			}
			if s.GRPCAddr != c.want {
				t.Errorf("grpc-addr = %q, want %q", s.GRPCAddr, c.want)
			}
		})
	}
}
