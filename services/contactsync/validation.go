package contactsync

import (
	"fmt"

	"github.com/liaisonhq/liaison/platform/paging"
	"github.com/liaisonhq/liaison/platform/validate"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
)

// Limits of a contact's fields, as the API states them. Each is stated in
// its field's comment in the .proto files, and
// TestEveryRequestFieldHasALimit checks that both agree.
const (
	maxName         = 128
	maxDisplayName  = 256
	maxOrganization = 256
	maxPhone        = validate.MaxPhoneLength
	maxEmail        = validate.MaxEmailLength
	maxStreet       = 256
	maxPlace        = 128
	maxPostalCode   = 32
	maxPhones       = 20
	maxEmails       = 20
	maxAddresses    = 10
	maxContactID    = 64
	maxEtag         = 64 // the service writes 16 hex digits
	maxTokenLength  = 128
	// maxFolder is the length of both folder ids, "contacts" and
	// "linkedin".
	maxFolder = len(store.OwnFolder)
	// maxMemberID bounds an output-only source_member_id sent back: the
	// network's member ids are far shorter.
	maxMemberID = 256
	// maxOwnContacts bounds the user's own folder.
	maxOwnContacts = 5000
	// maxCountUsers bounds CountSyncedContacts.
	maxCountUsers = 1000
)

// contactFields are the fields an update may change.
var contactFields = []string{"given_name", "surname", "display_name", "phones", "email_addresses",
	"postal_addresses", "company_name", "job_title", "etag"}

// Rules are the request checks the server runs before any handler.
func Rules() validate.Rules {
	r := validate.Rules{}
	validate.Add(r, func(*contactsyncv1.ListContactFoldersRequest, *validate.Report) {})
	validate.Add(r, func(req *contactsyncv1.ListContactsRequest, v *validate.Report) {
		folder(v, req.Folder)
		v.PageSize("page_size", req.PageSize, paging.MaxSize)
		v.MaxLen("page_token", req.PageToken, paging.MaxTokenLength)
	})
	validate.Add(r, func(req *contactsyncv1.GetContactRequest, v *validate.Report) {
		folder(v, req.Folder)
		contactID(v, "contact", req.Contact)
	})
	validate.Add(r, func(req *contactsyncv1.CreateContactRequest, v *validate.Report) {
		folder(v, req.Folder)
		if req.Contact == nil {
			v.Add("contact", "is required")
			return
		}
		optionalContactID(v, "contact.id", req.Contact.Id)
		contactContent(v, req.Contact)
		contactOutputs(v, req.Contact)
	})
	validate.Add(r, func(req *contactsyncv1.UpdateContactRequest, v *validate.Report) {
		folder(v, req.Folder)
		contactID(v, "contact.id", req.GetContact().GetId())
		v.Mask(req.UpdateMask, contactFields...)
		if req.Contact != nil {
			contactContent(v, req.Contact)
			contactOutputs(v, req.Contact)
		}
	})
	validate.Add(r, func(req *contactsyncv1.DeleteContactRequest, v *validate.Report) {
		folder(v, req.Folder)
		contactID(v, "contact", req.Contact)
		v.MaxLen("etag", req.Etag, maxEtag)
	})
	validate.Add(r, func(req *contactsyncv1.DeltaContactsRequest, v *validate.Report) {
		folder(v, req.Folder)
		v.MaxLen("sync_token", req.SyncToken, maxTokenLength)
		v.MaxLen("page_token", req.PageToken, maxTokenLength)
		v.Check(req.SyncToken == "" || req.PageToken == "", "page_token", "give sync_token or page_token, not both")
		v.PageSize("page_size", req.PageSize, paging.MaxSize)
	})
	validate.Add(r, func(*contactsyncv1.GetMyContactSyncRequest, *validate.Report) {})
	validate.Add(r, func(*contactsyncv1.RunMyContactSyncRequest, *validate.Report) {})
	validate.Add(r, func(req *contactsyncv1.ListContactSyncStatusesRequest, v *validate.Report) {
		v.TenantPage(req.Tenant, req.PageSize, req.PageToken, paging.MaxSize)
	})
	validate.Add(r, func(req *contactsyncv1.ListPurgeJobsRequest, v *validate.Report) {
		v.TenantPage(req.Tenant, req.PageSize, req.PageToken, paging.MaxSize)
	})
	validate.Add(r, func(req *contactsyncv1.GetPurgeJobRequest, v *validate.Report) {
		v.TenantID("tenant", req.Tenant)
		if v.Required("job", req.Job) {
			v.Pattern("job", req.Job, jobID, "1 to 18 digits") // so it parses as an int64
		}
	})
	validate.Add(r, func(req *contactsyncv1.CountSyncedContactsRequest, v *validate.Report) {
		v.TenantID("tenant", req.Tenant)
		if v.Count("users", len(req.Users), maxCountUsers, "user ids") {
			v.Check(len(req.Users) > 0, "users", "must name at least one user")
			for i, u := range req.Users {
				v.ObjectID(fmt.Sprintf("users[%d]", i), u)
			}
		}
	})
	validate.Add(r, func(req *contactsyncv1.ExportUserContactsRequest, v *validate.Report) {
		v.TenantPage(req.Tenant, req.PageSize, req.PageToken, paging.MaxSize)
		v.ObjectID("user", req.User)
	})
	validate.Add(r, func(req *contactsyncv1.EraseUserDataRequest, v *validate.Report) {
		v.TenantID("tenant", req.Tenant)
		v.ObjectID("user", req.User)
		v.Check(req.MinPolicyRevision >= 0, "min_policy_revision", "must not be negative")
		v.Check(req.MinConsentRevision >= 0, "min_consent_revision", "must not be negative")
	})
	validate.Add(r, func(req *contactsyncv1.FindOwnContactRequest, v *validate.Report) {
		v.TenantID("tenant", req.Tenant)
		v.ObjectID("user", req.User)
		if v.Required("email", req.Email) {
			v.Email("email", req.Email)
		}
	})
	return r
}

// folder checks a required folder id.
func folder(v *validate.Report, f string) {
	if v.Required("folder", f) {
		folderID(v, "folder", f)
	}
}

// folderID checks a folder id when one is given: one of the two every
// mailbox has. The length comes first, so an over-long id is refused with
// the limit the API states.
func folderID(v *validate.Report, field, f string) {
	if f != "" && v.MaxLen(field, f, maxFolder) {
		v.Check(f == store.OwnFolder || f == store.LinkedInFolder, field, `must be "contacts" or "linkedin"`)
	}
}

// contactID checks a required contact id.
func contactID(v *validate.Report, field, id string) {
	if v.Required(field, id) {
		optionalContactID(v, field, id)
	}
}

// optionalContactID checks a contact id when one is given.
func optionalContactID(v *validate.Report, field, id string) {
	if id != "" && v.MaxLen(field, id, maxContactID) {
		v.Pattern(field, id, contactIDPattern, "1 to 64 characters of A-Z, a-z, 0-9, _ and -")
	}
}

// contactOutputs checks the fields of a contact the service sets, which a
// client may send back as it read them: the service ignores them (an
// update compares the etag when the mask names it), but they are bounded
// like any other, with room for every value the service writes.
func contactOutputs(v *validate.Report, c *contactsyncv1.Contact) {
	folderID(v, "contact.parent_folder_id", c.ParentFolderId)
	v.MaxLen("contact.source_member_id", c.SourceMemberId, maxMemberID)
	v.MaxLen("contact.etag", c.Etag, maxEtag)
	optionalContactID(v, "contact.linked_contact", c.LinkedContact)
}

// contactContent checks what a user writes in a contact.
func contactContent(v *validate.Report, c *contactsyncv1.Contact) {
	for _, f := range []struct {
		field, value string
		max          int
	}{
		{"contact.given_name", c.GivenName, maxName}, {"contact.surname", c.Surname, maxName},
		{"contact.display_name", c.DisplayName, maxDisplayName},
		{"contact.company_name", c.CompanyName, maxOrganization}, {"contact.job_title", c.JobTitle, maxOrganization},
	} {
		v.Text(f.field, f.value, f.max)
	}
	if v.Count("contact.phones", len(c.Phones), maxPhones, "phone numbers") {
		for i, p := range c.Phones {
			field := fmt.Sprintf("contact.phones[%d]", i)
			validate.Enum(v, field+".type", p.Type, false)
			v.Phone(field+".number", p.Number)
		}
	}
	if v.Count("contact.email_addresses", len(c.EmailAddresses), maxEmails, "email addresses") {
		for i, e := range c.EmailAddresses {
			field := fmt.Sprintf("contact.email_addresses[%d]", i)
			validate.Enum(v, field+".type", e.Type, false)
			if v.Required(field+".address", e.Address) {
				v.Email(field+".address", e.Address)
			}
		}
	}
	if v.Count("contact.postal_addresses", len(c.PostalAddresses), maxAddresses, "addresses") {
		for i, a := range c.PostalAddresses {
			field := fmt.Sprintf("contact.postal_addresses[%d]", i)
			validate.Enum(v, field+".type", a.Type, false)
			v.Text(field+".street", a.Street, maxStreet)
			v.Text(field+".city", a.City, maxPlace)
			v.Text(field+".state", a.State, maxPlace)
			v.Text(field+".postal_code", a.PostalCode, maxPostalCode)
			v.Text(field+".country_or_region", a.CountryOrRegion, maxPlace)
		}
	}
}
