package profilecard_test

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/consent/consenttest"
	"github.com/liaisonhq/liaison/services/linkedinsim/simtest"
	"github.com/liaisonhq/liaison/services/policy/policytest"
	"github.com/liaisonhq/liaison/services/profilecard/profilecardtest"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// TestFreshAcrossReplicasBackends runs two replicas each of policy and
// consent on PostgreSQL: withdrawals go to one replica, profile-card asks
// the other, which learns of them only through the database. Still, no
// lookup that starts after a withdrawal returned shows LinkedIn data.
func TestFreshAcrossReplicasBackends(t *testing.T) {
	t.Run("postgres", func(t *testing.T) {
		pg := sqlstoretest.ConnectPostgres(t)
		issuer := authtest.NewIssuer(t)
		profilecardtest.PublishServiceKey(t, issuer.Config)

		policyDB := pg.NewDatabase(t)
		policyA, policyB := policytest.Settings(t, issuer.Config), policytest.Settings(t, issuer.Config)
		policyA.DatabaseURL, policyB.DatabaseURL = policyDB, policyDB
		writeReplica := policytest.Start(t, policyA)
		writePolicy := policyv1.NewPolicyServiceClient(writeReplica.Conn)
		readPolicy := policytest.Start(t, policyB)

		sim := simtest.Start(t, simtest.Options{})
		consentDB := pg.NewDatabase(t)
		// Consent asks the replica the admin writes to (its own reads are
		// not what is tested); profile-card asks the other one.
		consentA := consenttest.Settings(t, issuer.Config, writeReplica.Addr, sim.URL)
		consentA.DatabaseURL = consentDB
		consentA.CallbackURL, consentA.RedirectOrigins = "http://127.0.0.1/v1/linkedin/callback", "https://app.contoso.test"
		// One deployment: the replicas share the token key and the service key.
		consentB := *consentA
		writeConsent := consentv1.NewConsentServiceClient(consenttest.Start(t, consentA).Conn)
		readConsent := consenttest.Start(t, &consentB)

		h := &harness{t: t, issuer: issuer, policy: writePolicy, consent: writeConsent, sim: sim}
		h.settings = profilecardtest.Settings(t, issuer.Config, readPolicy.Addr, readConsent.Addr, sim.URL)
		h.startCards()

		setMode := func(mode policyv1.LinkedInSettings_Mode) {
			if _, err := writePolicy.UpdateLinkedInSettings(h.admin(), &policyv1.UpdateLinkedInSettingsRequest{
				Tenant: "contoso", Settings: &policyv1.LinkedInSettings{Mode: mode},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"mode"}},
			}); err != nil {
				t.Fatal(err)
			}
		}
		setMode(policyv1.LinkedInSettings_ENABLED)
		var total raceCount
		for round := range 12 {
			h.connect("alice", bothWays)
			total.add(h.race("across replicas", round, func() {
				if round%2 == 0 {
					h.disconnect("alice")
				} else {
					setMode(policyv1.LinkedInSettings_DISABLED)
				}
			}))
			setMode(policyv1.LinkedInSettings_ENABLED)
		}
		total.check(t, 12)
	})
}
