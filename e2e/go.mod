module github.com/liaisonhq/liaison/e2e

go 1.26.0

require (
	github.com/liaisonhq/liaison/proto v0.0.0
	google.golang.org/genproto/googleapis/rpc v0.0.0-20261026165753-2ffab32bce7e
	google.golang.org/grpc v1.85.0
	google.golang.org/protobuf v1.36.12
)

require (
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)

replace github.com/liaisonhq/liaison/proto => ../proto
