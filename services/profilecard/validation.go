package profilecard

import (
	"fmt"

	"github.com/liaisonhq/liaison/platform/validate"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
)

// MaxBatch is the most targets one BatchGetProfileCards names.
const MaxBatch = 100

// Rules check every request before a handler runs.
func Rules() validate.Rules {
	r := validate.Rules{}
	validate.Add(r, func(req *profilecardv1.GetProfileCardRequest, v *validate.Report) {
		v.EmailOrObjectID("target", req.Target)
		validate.Enum(v, "surface", req.Surface, false)
	})
	validate.Add(r, func(req *profilecardv1.BatchGetProfileCardsRequest, v *validate.Report) {
		if len(req.Targets) == 0 {
			v.Add("targets", fmt.Sprintf("must name 1 to %d people", MaxBatch))
		}
		if v.Count("targets", len(req.Targets), MaxBatch, "targets") {
			for i, t := range req.Targets {
				v.EmailOrObjectID(fmt.Sprintf("targets[%d]", i), t)
			}
		}
		validate.Enum(v, "surface", req.Surface, false)
	})
	return r
}
