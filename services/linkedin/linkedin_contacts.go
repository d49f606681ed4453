package linkedin

import (
	"context"
	"net/http"
)

// DeleteImportedContacts implements Provider.
func (l *Client) DeleteImportedContacts(ctx context.Context, accessToken string) (int64, error) {
	var answer struct {
		Deleted int64 `json:"deleted"`
	}
	if err := l.callAPI(ctx, "delete imported contacts", http.MethodDelete, "/v2/contactImports", accessToken, &answer); err != nil {
		return 0, err
	}
	return answer.Deleted, nil
}
