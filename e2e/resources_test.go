package e2e

import "encoding/json"

// The JSON shapes of the API's resources, written from the contract (the
// protos' lowerCamelCase JSON names, enums as strings) rather than taken from
// the generated types, so a renamed field shows up here as a failure.
// int64 fields travel as JSON strings, hence the ",string" options.

type tenant struct {
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	Cloud             string `json:"cloud"`
	DataLocation      string `json:"dataLocation"`
	LinkedinAvailable bool   `json:"linkedinAvailable"`
	CreateTime        string `json:"createTime"`
}

type phoneNumber struct {
	Type   string `json:"type"`
	Number string `json:"number"`
}

type user struct {
	ID            string        `json:"id"`
	Email         string        `json:"email"`
	DisplayName   string        `json:"displayName"`
	GivenName     string        `json:"givenName"`
	Surname       string        `json:"surname"`
	JobTitle      string        `json:"jobTitle"`
	Department    string        `json:"department"`
	Office        string        `json:"office"`
	Phones        []phoneNumber `json:"phones"`
	Manager       string        `json:"manager"`
	MailboxPolicy string        `json:"mailboxPolicy"`
	CreateTime    string        `json:"createTime"`
	UpdateTime    string        `json:"updateTime"`
}

type userList struct {
	Users         []user `json:"users"`
	NextPageToken string `json:"nextPageToken"`
}

type group struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Type        string `json:"type"`
	Description string `json:"description"`
	CreateTime  string `json:"createTime"`
}

// groupWithMembers is the answer of GET .../groups/{group}.
type groupWithMembers struct {
	Group   group    `json:"group"`
	Members []string `json:"members"`
}

type groupList struct {
	Groups        []group `json:"groups"`
	NextPageToken string  `json:"nextPageToken"`
}

// memberList is the answer of adding or removing a group member.
type memberList struct {
	Members []string `json:"members"`
}

type linkedinSettings struct {
	Mode                      string `json:"mode"`
	SelectedGroup             string `json:"selectedGroup"`
	MaxConsentDirection       string `json:"maxConsentDirection"`
	ModeSource                string `json:"modeSource"`
	MaxConsentDirectionSource string `json:"maxConsentDirectionSource"`
	Available                 bool   `json:"available"`
	Etag                      string `json:"etag"`
	UpdateActor               string `json:"updateActor"`
	UpdateTime                string `json:"updateTime"`
}

type preview struct {
	TotalUsers    int64    `json:"totalUsers,string"`
	AllowedNow    int64    `json:"allowedNow,string"`
	AllowedAfter  int64    `json:"allowedAfter,string"`
	UsersGaining  int64    `json:"usersGaining,string"`
	UsersLosing   int64    `json:"usersLosing,string"`
	SampleGaining []string `json:"sampleGaining"`
	SampleLosing  []string `json:"sampleLosing"`
}

type mailboxPolicy struct {
	ID string `json:"id"`
	// A pointer, as in the proto (optional bool): absent and false differ.
	LinkedinContactSyncEnabled *bool  `json:"linkedinContactSyncEnabled"`
	IsDefault                  bool   `json:"isDefault"`
	Etag                       string `json:"etag"`
	UpdateActor                string `json:"updateActor"`
	UpdateTime                 string `json:"updateTime"`
}

type mailboxPolicyList struct {
	Policies      []mailboxPolicy `json:"policies"`
	NextPageToken string          `json:"nextPageToken"`
}

type groupOverride struct {
	Group   string `json:"group"`
	Setting string `json:"setting"`
}

type clientPolicy struct {
	Setting        string          `json:"setting"`
	GroupOverrides []groupOverride `json:"groupOverrides"`
	Etag           string          `json:"etag"`
	UpdateActor    string          `json:"updateActor"`
	UpdateTime     string          `json:"updateTime"`
}

type effectiveClientPolicy struct {
	Setting       string `json:"setting"`
	SourceGroup   string `json:"sourceGroup"`
	UserMayChange bool   `json:"userMayChange"`
}

// decision is the answer of checkAccess and of /v1/me/access.
type decision struct {
	Allowed      bool                   `json:"allowed"`
	Reason       string                 `json:"reason"`
	Message      string                 `json:"message"`
	ClientPolicy *effectiveClientPolicy `json:"clientPolicy"`
	Revision     int64                  `json:"revision,string"`
}

type auditEvent struct {
	Revision  int64                      `json:"revision,string"`
	Time      string                     `json:"time"`
	Actor     string                     `json:"actor"`
	Action    string                     `json:"action"`
	Resource  string                     `json:"resource"`
	Before    map[string]json.RawMessage `json:"before"`
	After     map[string]json.RawMessage `json:"after"`
	RequestID string                     `json:"requestId"`
}

type auditLog struct {
	Events        []auditEvent `json:"events"`
	NextPageToken string       `json:"nextPageToken"`
}

// connection is a user's LinkedIn connection (GET /v1/me/linkedinConnection).
type connection struct {
	Tenant                 string   `json:"tenant"`
	User                   string   `json:"user"`
	State                  string   `json:"state"`
	MemberID               string   `json:"memberId"`
	Direction              string   `json:"direction"`
	SharedWithOrganization []string `json:"sharedWithOrganization"`
	SharedWithLinkedin     []string `json:"sharedWithLinkedin"`
	ConnectTime            string   `json:"connectTime"`
	UpdateTime             string   `json:"updateTime"`
	Revision               int64    `json:"revision,string"`
}

// startedConnection is the answer of :connect.
type startedConnection struct {
	AuthorizationURL string `json:"authorizationUrl"`
	ExpireTime       string `json:"expireTime"`
}

// disconnectReceipt is the answer of :disconnect.
type disconnectReceipt struct {
	MemberID                string   `json:"memberId"`
	GrantRevoked            bool     `json:"grantRevoked"`
	ProviderTokensRevoked   bool     `json:"providerTokensRevoked"`
	ImportedContactsDeleted int64    `json:"importedContactsDeleted,string"`
	Revision                int64    `json:"revision,string"`
	Warnings                []string `json:"warnings"`
}

// connectionReport is the admin report of a tenant's connections.
type connectionReport struct {
	Connections            []connection `json:"connections"`
	NextPageToken          string       `json:"nextPageToken"`
	TotalConnected         int64        `json:"totalConnected,string"`
	Bidirectional          int64        `json:"bidirectional,string"`
	LinkedinToOrganization int64        `json:"linkedinToOrganization,string"`
}

type consentEvent struct {
	Revision          int64  `json:"revision,string"`
	Time              string `json:"time"`
	Tenant            string `json:"tenant"`
	User              string `json:"user"`
	Kind              string `json:"kind"`
	Reason            string `json:"reason"`
	Actor             string `json:"actor"`
	Direction         string `json:"direction"`
	PreviousDirection string `json:"previousDirection"`
	MemberID          string `json:"memberId"`
	RequestID         string `json:"requestId"`
}

type consentEventList struct {
	Events        []consentEvent `json:"events"`
	NextPageToken string         `json:"nextPageToken"`
}
