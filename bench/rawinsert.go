package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// The raw insert loop is the baseline of the initial sync: how fast this
// machine's database, through the same driver and settings (the platform's
// sqlstore: modernc SQLite with WAL and one writer, or pgx), takes the same
// number of rows of the width of a synced contact, into a table of the
// shape of contact-sync's (its columns, primary key and two secondary
// indexes), when nothing else is done: one prepared INSERT per row, in
// transactions of the feed's page size, as the sync writes one page per
// transaction. Making up each row's values (a few string joins) is inside
// the loop.

const rawTable = `CREATE TABLE raw_contacts (
    tenant       TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    folder       TEXT NOT NULL,
    id           TEXT NOT NULL,
    seq          BIGINT NOT NULL,
    source       TEXT NOT NULL,
    given_name   TEXT NOT NULL,
    surname      TEXT NOT NULL,
    display_name TEXT NOT NULL,
    company      TEXT NOT NULL,
    job_title    TEXT NOT NULL,
    phones       TEXT NOT NULL,
    emails       TEXT NOT NULL,
    addresses    TEXT NOT NULL,
    match_keys   TEXT NOT NULL,
    etag         TEXT NOT NULL,
    create_time  BIGINT NOT NULL,
    update_time  BIGINT NOT NULL,
    PRIMARY KEY (tenant, user_id, folder, id)
)`

var rawIndexes = []string{
	`CREATE INDEX raw_contacts_by_seq ON raw_contacts (tenant, user_id, folder, seq)`,
	`CREATE INDEX raw_contacts_by_source ON raw_contacts (tenant, user_id, folder, source)`,
}

const rawInsert = `INSERT INTO raw_contacts (tenant, user_id, folder, id, seq, source, given_name, surname,
	display_name, company, job_title, phones, emails, addresses, match_keys, etag, create_time, update_time)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// rawResult is what the loop did.
type rawResult struct {
	rows    int64
	batch   int
	elapsed time.Duration
	// rowBytes is the mean size of a row's values (text lengths, 8 bytes
	// per number), to compare with the synced contacts'.
	rowBytes float64
}

func (r rawResult) perSecond() float64 { return float64(r.rows) / r.elapsed.Seconds() }

// rawInsertLoop inserts size's contacts' worth of rows into a new table of
// the empty database at url.
func rawInsertLoop(ctx context.Context, url string, size syncSize, batch int) (rawResult, error) {
	db, err := sqlstore.Open(ctx, url)
	if err != nil {
		return rawResult{}, err
	}
	defer db.Close()
	err = db.Write(ctx, func(tx *sqlstore.Tx) error {
		for _, ddl := range append([]string{rawTable}, rawIndexes...) {
			if _, err := tx.Exec(ctx, ddl); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return rawResult{}, fmt.Errorf("raw insert loop: creating the table: %w", err)
	}
	r := rawResult{rows: size.contacts(), batch: batch}
	var bytes int64
	start := time.Now()
	for first := int64(0); first < r.rows; first += int64(batch) {
		err := db.Write(ctx, func(tx *sqlstore.Tx) error {
			stmt, err := tx.SQL().PrepareContext(ctx, db.Rebind(rawInsert))
			if err != nil {
				return err
			}
			defer stmt.Close()
			for i := first; i < min(first+int64(batch), r.rows); i++ {
				n, err := insertRawRow(ctx, stmt, size, i)
				if err != nil {
					return err
				}
				bytes += n
			}
			return nil
		})
		if err != nil {
			return rawResult{}, fmt.Errorf("raw insert loop at row %d: %w", first, err)
		}
	}
	r.elapsed = time.Since(start)
	r.rowBytes = float64(bytes) / float64(r.rows)
	return r, nil
}

// insertRawRow inserts row i, the (i mod connections)-th contact of mailbox
// i / connections, made up like the simulator's generated members and
// stored as contact-sync stores a connection, and returns its size.
func insertRawRow(ctx context.Context, stmt *sql.Stmt, size syncSize, i int64) (int64, error) {
	k := mix(uint64(i))
	first := genFirst[k%uint64(len(genFirst))]
	last := genLast[(k>>8)%uint64(len(genLast))]
	company := genCompany[(k>>16)%uint64(len(genCompany))]
	title := genTitle[(k>>24)%uint64(len(genTitle))]
	member := fmt.Sprintf("m-gen1-%04d", k%uint64(max(size.mailboxes, size.connections+1)))
	email := strings.ToLower(first) + "." + strings.ToLower(last) + "." + member[7:] + "@gen1.example"
	phone := fmt.Sprintf("+1 555 %03d %04d", k%1000, (k>>10)%10000)
	text := []string{
		syncTenant, mailboxUser(int(i / int64(size.connections))), "linkedin",
		fmt.Sprintf("li-%016x%08x", k, uint32(mix(k))), member,
		first, last, first + " " + last, company, title,
		`[{"t":2,"n":"` + phone + `"}]`,
		`[{"t":1,"a":"` + email + `"}]`,
		`[{"t":2,"s":"` + fmt.Sprint(1+k%999) + ` Main Street","c":"Seattle","r":"WA","p":"` + fmt.Sprintf("%05d", k%100000) + `","o":"US"}]`,
		"e:" + email + " p:555" + strings.ReplaceAll(phone[7:], " ", ""),
		fmt.Sprintf("%016x", mix(k^0x5eed)),
	}
	now := time.Now().UnixMicro()
	_, err := stmt.ExecContext(ctx, text[0], text[1], text[2], text[3], i+1, text[4], text[5], text[6], text[7],
		text[8], text[9], text[10], text[11], text[12], text[13], text[14], now, now)
	n := int64(3 * 8)
	for _, s := range text {
		n += int64(len(s))
	}
	return n, err
}

// mix is splitmix64's finalizer: made-up values that look random, the same
// in every run.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Word lists like the simulator's generator's.
var (
	genFirst   = []string{"Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemi", "Luca", "Maya"}
	genLast    = []string{"Abbott", "Becker", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Nakamura", "Okafor"}
	genCompany = []string{"Contoso", "Fabrikam", "Northwind Traders", "Woodgrove Bank", "Wide World Importers", "Lamna Healthcare"}
	genTitle   = []string{"Software Engineer", "Product Manager", "Account Executive", "Data Scientist", "Operations Manager"}
)
