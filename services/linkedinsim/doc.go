// Package linkedinsim is a simulator of the professional network (LinkedIn)
// that Liaison integrates with. It plays the external party faithfully enough
// that the consent, contact-sync and profile-card services are built and
// tested against it, and production replaces it by pointing the same provider
// interface at the real network.
//
// What it simulates:
//   - members and their profiles, including each member's own setting
//     visibleInMicrosoftApps (seed 004: members decide whether their profile
//     can be seen in the organization's apps);
//   - first-degree, symmetric connections with an incremental change feed:
//     upserts and tombstones since a sync token, bounded pages, tokens that
//     expire (410 Gone forces a full resync);
//   - OAuth 2.0 authorization code flow with PKCE at LinkedIn's own paths,
//     access and refresh tokens, revocation, and an OIDC-style userinfo;
//   - profile lookup by email, with the connection degree from the caller,
//     and contact import (organization -> LinkedIn);
//   - a member-visibility event feed for apps (the stand-in for webhooks):
//     long-polled, bounded, and acknowledged, so an admin change answers
//     once the apps listening have handled it;
//   - an admin API under /sim/ with which tests and the demo change the
//     network behind the services' backs, inject faults, and generate large
//     networks for benchmarks.
//
// It is a simulator, not a store: every piece of state lives in memory behind
// a mutex and is gone after a restart. The data is deterministic (the demo
// network and the generator produce the same members and connections every
// time); only secrets are random: authorization codes, tokens, and the key
// that signs sync tokens.
//
// The admin API under /sim/ has no authentication, on purpose. Never expose
// the simulator beyond a development machine or a test cluster.
package linkedinsim
