# carnet, in English.

## The desk's pages.

desk-desk = carnet desk
desk-event = Event
desk-participants = Participants
desk-documents = Documents
desk-dates = Dates
desk-venue = Venue
desk-organiser = Organiser
desk-folder = Event folder
desk-roster = Roster
desk-event-error = The event folder has a problem:
desk-problems = To fix in the roster
desk-no-problems = The roster has no problem.
desk-row = Row
desk-column = Column
desk-value = Value
desk-what = Problem
desk-todo = What to do
desk-id = Id
desk-name = Name
desk-organisation = Organisation
desk-profile = Profile
desk-group = Workshop
desk-visit = Visit
desk-email = Email
desk-no-email = no email
desk-error = error
desk-warning = warning
desk-booklet = Booklet
desk-badge = Badge
desk-badges = Badges
desk-grid = Grid
desk-attendance = Attendance sheets
desk-page = page
desk-live = This page updates itself when a file of the event changes.
desk-people = participants
desk-unknown = No participant has this id.
desk-build = Build
desk-start-build = Build the pack
desk-building = Building:
desk-built = Pack built:
desk-download = Download
desk-build-failed = The build stopped:
desk-booklets = booklets
desk-warnings = warnings
desk-see-report = see report.txt in the pack
desk-mail = Mail
desk-preparing = Preparing the messages…
desk-sending = Sending:
desk-send-stopped = The send stopped:
desk-sent = Sent: every message went.
desk-review-stopped = The preparation found a problem:
desk-changed-since = Files of the event changed since: prepare the messages again before sending.
desk-to-send = messages to send, written to the outbox (dist/outbox).
desk-nothing-sent = Nothing was sent.
desk-from = From:
desk-recipient = To
desk-subject = Subject
desk-attachments = Attachments
desk-with-html = With an HTML version.
desk-nothing-to-send = Nothing to send: the journal says everyone has their booklet.
desk-prepare = Prepare the messages (without sending)
desk-send = Send
desk-smtp-server = Mail server (SMTP)
desk-smtp-help = smtps://host:465 (TLS) or smtp://host:587?tls=required (STARTTLS); plain smtp:// only toward this machine.
desk-login-held = The login typed on this page is held in memory until the desk stops; it is written nowhere.
desk-login-environment = The login comes from the environment (CARNET_SMTP_USER, CARNET_SMTP_PASSWORD).
desk-user = User
desk-password = Password
desk-login-typed = Leave empty for a server without login. Held in memory for this session only, never written nor shown.
desk-per-minute = Messages a minute, at most
desk-send-now = Send the messages
desk-forget = Forget the login

## carnet check.

check-read = { $event }: { $count ->
    [one] 1 participant
   *[other] { $count } participants
} read from { $source }
check-profiles = Profiles:
check-groups = Groups:
check-visits = Visits:
check-none = (none)
check-goal = { $profile }: { $count } of { $total } ({ $share } %), goal { $goal } %: { $verdict ->
    [reached] goal reached
   *[below] below the goal
}
check-to-fix = { $count ->
    [one] 1 problem
   *[other] { $count } problems
} to fix before `carnet build`
check-to-fix-and-mail = { $count ->
    [one] 1 problem
   *[other] { $count } problems
} to fix before `carnet build` and `carnet mail`
without-email = Without an email ({ $count }; `carnet mail` sends them nothing):
without-email-person = { $id } { $name } (row { $row })
problems-reported = { $count ->
    [one] 1 problem to fix (listed above).
   *[other] { $count } problems to fix (listed above).
}

## carnet build and carnet serve.

built = built { $pack } with { $count ->
    [one] 1 booklet
   *[other] { $count } booklets
} in { $seconds } s
built-skipped = ; { $count ->
    [one] 1 invalid row
   *[other] { $count } invalid rows
} skipped (see report.txt)
built-warnings = ; { $count ->
    [one] 1 warning
   *[other] { $count } warnings
} (see report.txt)
serve-listening = carnet's desk: { $url } (Ctrl-C stops it)

## How the command line says a problem: "error: roster.xlsx, sheet Inscrits,
## row 12, column Email: "x@": not an email address", then "  hint: …".

level-error = error
level-warning = warning
level-hint = hint
colon = {": "}
at-sheet = sheet { $sheet }
at-row = row { $row }
at-column = column { $column }
problems-to-fix = { $count ->
    [one] 1 problem to fix; nothing was written.
   *[other] { $count } problems to fix; nothing was written.
}

## The roster's problems.
##
## Their English is what carnet always said. Keys chosen by the code
## (a format, a kind of file, a field) are matched in selects; rows,
## sheets, headers and values come from the roster and stay as written.

# Why a file cannot be read.
roster-file-empty = the file is empty
roster-file-empty-hint = save the participants into it again
roster-not-a-spreadsheet = the file is { $kind ->
        [png] a PNG image
        [jpeg] a JPEG image
        [gif] a GIF image
        [pdf] a PDF document
        [rtf] an RTF document
        [gzip] a gzip archive
        [rar] a RAR archive
        [odt] a text document (odt)
        [opendocument] an OpenDocument file
        [word] a Word document
        [powerpoint] a PowerPoint presentation
       *[zip] a zip archive
    }, not a spreadsheet
roster-save-again = open it in a spreadsheet program and save it as .xlsx, .ods or .csv, then try again
roster-file-binary = the file is not a spreadsheet nor a text file carnet can read
roster-file-html = the file is a web page (HTML) saved under a spreadsheet name, not a real spreadsheet
roster-file-xml-2003 = the file is an "XML Spreadsheet 2003" file, which carnet does not read
roster-file-xml = the file is an XML file, not a spreadsheet
roster-file-cut = the file is damaged or incomplete: it starts like a spreadsheet (a zip archive) but cannot be opened
roster-file-cut-hint = copy or download the file again; if it still fails, open it in a spreadsheet program and save it again
roster-file-password = the file is protected by a password
roster-file-password-hint = open it, remove the password (File › Info › Protect workbook) and save a copy for carnet
roster-workbook-unreadable = the file looks like { $format ->
        [xlsx] an Excel workbook (xlsx)
        [xlsb] an Excel binary workbook (xlsb)
        [xls] an Excel 97-2003 workbook (xls)
        [ods] an OpenDocument spreadsheet (ods)
       *[csv] a CSV file
    } but cannot be read ({ $reason })
roster-workbook-stopped = the file looks like { $format ->
        [xlsx] an Excel workbook (xlsx)
        [xlsb] an Excel binary workbook (xlsb)
        [xls] an Excel 97-2003 workbook (xls)
        [ods] an OpenDocument spreadsheet (ods)
       *[csv] a CSV file
    } but cannot be read (its reader stopped on a damaged part)
roster-save-again-or-download = open it in a spreadsheet program and save it again; if it was downloaded, download it again
roster-sheet-stopped = the file has a sheet `{ $sheet }` that is damaged: its reader stopped on it
roster-sheet-unreadable = the file has a sheet `{ $sheet }` that cannot be read ({ $reason })
roster-sheet-damaged-hint = open the file in a spreadsheet program and save it again
roster-xls-damaged = the file is damaged ({ $reason })
roster-xls-no-workbook = the file is damaged (it has no workbook inside)
roster-xls-backward-range = the file is damaged (a sheet says its used range is { $range }, which ends before it begins)
roster-xls-damaged-hint = open it in a spreadsheet program and save it again (as .xlsx preferably)
roster-xlsx-string-count = the file is damaged (its table of texts, { $part }, says it holds { $declared } texts, but it holds { $found })
roster-xlsx-no-string-table = the file is damaged (its table of texts, { $part }, does not begin as such a table does)

# A file larger than any roster.
roster-stray-cell = the sheet's used range runs to { $cell } because of a stray cell there; carnet reads at most { $rows } rows and { $columns } columns
roster-stray-cell-value = the sheet's used range runs to { $cell } because of a stray cell there ({ $value }); carnet reads at most { $rows } rows and { $columns } columns
roster-stray-cell-on-sheet = on the sheet `{ $sheet }`, the sheet's used range runs to { $cell } because of a stray cell there; carnet reads at most { $rows } rows and { $columns } columns
roster-stray-cell-hint = delete the cell { $cell } (and anything else far below or right of the participants), then save the file again
roster-repeated = the cell { $cell } holds a value and { $what ->
        [row] its row
       *[cell] the cell
    } is repeated { $times } times, which runs the sheet's used range to { $last }; carnet reads at most { $rows } rows and { $columns } columns
roster-repeated-on-sheet = on the sheet `{ $sheet }`, the cell { $cell } holds a value and { $what ->
        [row] its row
       *[cell] the cell
    } is repeated { $times } times, which runs the sheet's used range to { $last }; carnet reads at most { $rows } rows and { $columns } columns
roster-repeated-hint = select the rows (or columns) after the participants from { $cell } on, delete them, then save the file again
roster-too-many-cells = the sheets hold more than { $cells } cells from their first used cell to their last, more than any roster
roster-too-many-cells-at = the sheets hold more than { $cells } cells from their first used cell to their last (one runs to { $cell }), more than any roster
roster-too-many-cells-hint = delete the rows and columns that are not the participants' (a stray value far below or to the right, or other sheets), then save the file again
roster-cell-too-long = the cell { $cell } holds { $chars } characters, more than the { $most } a spreadsheet cell may hold
roster-cell-too-long-hint = shorten that cell's text (or delete it), then save the file again
roster-too-many-merges = the sheet merges more cells than any roster
roster-too-many-merges-hint = unmerge the cells (select all, then Unmerge), then save the file again
roster-zip-damaged = the file is damaged: one of its parts cannot be read ({ $reason })
roster-zip-part-damaged = the file is damaged: its part { $part } cannot be read ({ $reason })
roster-zip-part-too-large = the file is { $size } { $unit ->
        [mb] MB
        [kb] kB
       *[bytes] bytes
    } compressed, but its part { $part } alone inflate to more than { $limit } { $limit_unit ->
        [mb] MB
        [kb] kB
       *[bytes] bytes
    }: no roster is that large
roster-zip-too-large = the file is { $size } { $unit ->
        [mb] MB
        [kb] kB
       *[bytes] bytes
    } compressed, but its parts inflate to more than { $limit } { $limit_unit ->
        [mb] MB
        [kb] kB
       *[bytes] bytes
    }: no roster is that large
roster-zip-too-large-hint = open it in a spreadsheet program, delete what is not the participants, and save it again; if it came from elsewhere, ask for the spreadsheet itself
roster-csv-too-large = the file has { $lines } lines and up to { $fields } fields on a line; carnet reads at most { $rows } rows and { $columns } columns
roster-csv-too-large-hint = keep only the participants' rows and columns in the file, then try again

# The sheet and its header.
roster-csv-no-sheets = a CSV file has no sheets, so the sheet `{ $sheet }` is ignored
roster-csv-no-sheets-hint = remove the sheet setting (roster.sheet or --sheet) for this file
badge-qr-too-long = their badge's QR code cannot hold their { $what } ({ $bytes } bytes; a QR code holds at most 2331): the badge is printed without a code
badge-qr-too-long-hint = shorten this cell, or set `badges.qr: id` (or `none`) in content/event.yaml
roster-sheet-empty = the sheet is empty
roster-sheet-empty-hint = write the participants in it, one row each under a header row
roster-sheet-no-participant = the sheet has a header (row { $row }) but no participant below it
roster-file-no-participant = the file has a header (row { $row }) but no participant below it
roster-no-participant-hint = write one row per participant below the header
roster-no-header = no header row among the first { $searched } rows ()
roster-no-header-1 = no header row among the first { $searched } rows (row { $row }: { $cells })
roster-no-header-2 = no header row among the first { $searched } rows (row { $row }: { $cells }; row { $row2 }: { $cells2 })
roster-no-header-3 = no header row among the first { $searched } rows (row { $row }: { $cells }; row { $row2 }: { $cells2 }; row { $row3 }: { $cells3 })
roster-no-header-hint = add a row naming the columns above the participants, with at least Nom or Prénom (carnet knows { $headers }), or set roster.header_row in event.yaml
roster-sheet-not-found = sheet `{ $sheet }` not found; the workbook has: { $sheets }
roster-sheet-not-found-hint = write one of these names in roster.sheet (event.yaml) or --sheet
roster-every-sheet-empty = every sheet is empty ({ $sheets })
roster-every-sheet-empty-hint = write the participants in a sheet, one row each under a header row
roster-no-sheet-header-at = no sheet has a header row on row { $row } (roster.header_row); sheets looked at: { $sheets }
roster-no-sheet-header-at-hint = the header row names the columns, with at least Nom or Prénom (carnet knows { $headers }); fix roster.header_row, or choose the sheet with roster.sheet in event.yaml
roster-no-sheet-header = no sheet has a header row in its first { $searched } rows with participants below it; sheets looked at: { $sheets }
roster-no-sheet-header-hint = the header row names the columns, with at least Nom or Prénom (carnet knows { $headers }); add one, or choose the sheet with roster.sheet and the row with roster.header_row in event.yaml
roster-unknown-field = `{ $setting }` in roster.columns is not a roster field
roster-unknown-field-hint = use one of: { $fields } (in event.yaml)
roster-two-columns = two columns could be the { $field ->
        [last_name] last name
        [first_name] first name
        [organisation] organisation
        [city] city
        [profile] profile
        [email] email
        [group] group
        [visit] visit
       *[id] ID
    }: `{ $header }` (column { $column }) and this one; carnet uses the first
roster-two-columns-hint = rename one of them, or choose with roster.columns.{ $field } in event.yaml
roster-header-row-zero = roster.header_row is 0, but rows are numbered from 1
roster-header-row-zero-hint = write the row number the spreadsheet shows next to the header
roster-header-row-empty = row { $row } (roster.header_row) has no last name or first name column; it is empty
roster-header-row-no-name = row { $row } (roster.header_row) has no last name or first name column; it has: { $headers }
roster-header-row-hint = set roster.header_row to the row that names the columns ({ $headers }), or name a column Nom or Prénom
roster-column-not-found = column `{ $header }` not found (roster.columns.{ $setting } in event.yaml); the sheet has: { $headers }
roster-column-not-found-hint = write the header exactly as the sheet does, or remove the setting to let carnet find the column

# The rows, and the columns as a whole. (English says "rows" even for one
# row where the count only serves French.)
roster-headless-column = this column has no header, so its values are left out ({ $count ->
       *[other] rows
    } { $rows })
roster-headless-column-hint = write a header above it to keep its values (templates get them under that name)
roster-merged = cells { $cells } are merged: their value is also used for { $count ->
        [one] row
       *[other] rows
    } { $rows }
roster-merged-hint = unmerge the cells and write the value on each row (sorting breaks merged cells)
roster-hidden-skipped = { $count ->
        [one] row { $rows } is hidden in the spreadsheet (a cancelled registration?): it is left out
       *[other] rows { $rows } are hidden in the spreadsheet (a cancelled registration?): they are left out
    }
roster-hidden-skipped-hint = { $count ->
        [one] if it is a participant, show it in the spreadsheet or set `roster.hidden_rows: read` in content/event.yaml to read it
       *[other] if they are participants, show them in the spreadsheet or set `roster.hidden_rows: read` in content/event.yaml to read them
    }
roster-filtered-skipped = { $count ->
        [one] row { $rows } is filtered out by the sheet's filter: it is left out
       *[other] rows { $rows } are filtered out by the sheet's filter: they are left out
    }
roster-filtered-skipped-hint = { $count ->
        [one] if it is a participant, clear the filter or set `roster.hidden_rows: read` in content/event.yaml to read it
       *[other] if they are participants, clear the filter or set `roster.hidden_rows: read` in content/event.yaml to read them
    }
roster-hidden-read = { $count ->
        [one] row { $rows } is hidden in the spreadsheet: it is read, as `roster.hidden_rows: read` says
       *[other] rows { $rows } are hidden in the spreadsheet: they are read, as `roster.hidden_rows: read` says
    }
roster-filtered-read = { $count ->
        [one] row { $rows } is filtered out by the sheet's filter: it is read, as `roster.hidden_rows: read` says
       *[other] rows { $rows } are filtered out by the sheet's filter: they are read, as `roster.hidden_rows: read` says
    }
roster-hidden-read-hint = { $count ->
        [one] delete it if it is not a participant, or set `roster.hidden_rows: skip` in content/event.yaml to leave it out
       *[other] delete them if they are not participants, or set `roster.hidden_rows: skip` in content/event.yaml to leave them out
    }
roster-leading-zero = this number may have lost a leading zero: it has { $digits } digits, and { $kind ->
        [phone] a French phone number
        [postcode] a French postcode
        [siret] a SIRET number
        [siren] a SIREN number
       *[other] an identifier
    } has { $expected }
roster-leading-zero-other = this number may have lost a leading zero: it has { $digits } digits, and other values of the column have { $expected }, with leading zeros
roster-leading-zero-more = { $count } more numbers of this column may have lost a leading zero (rows { $rows }), as { $kind ->
        [phone] a French phone number
        [postcode] a French postcode
        [siret] a SIRET number
        [siren] a SIREN number
       *[other] an identifier
    } has { $expected }
roster-leading-zero-more-other = { $count } more numbers of this column may have lost a leading zero (rows { $rows }), as other values of the column have { $expected }, with leading zeros
roster-leading-zero-hint = format the column as text and type the number again with its leading 0, or give the column the number format { $format }
roster-leading-zero-no-formats-hint = carnet cannot read the number formats of this kind of file: if the spreadsheet shows the 0, save the file as .xlsx; otherwise format the column as text and type the number again with its leading 0 (or give the column the number format { $format })
roster-column-of-emails = column { $column } holds email addresses ({ $alike } of its { $all } values), but carnet does not know its header, so nobody can be sent their booklet at them
roster-column-of-emails-hint = if it is the participants' email, name it in content/event.yaml, under `roster:`:
    {"      "}columns:
    {"        "}email: { $header }
roster-column-of-profiles = column { $column } holds the event's profiles ({ $alike } of its { $all } values), but carnet does not know its header, so nobody gets a profile from it
roster-column-of-profiles-hint = if it is the participants' profile, name it in content/event.yaml, under `roster:`:
    {"      "}columns:
    {"        "}profile: { $header }
roster-no-email-column = no email column, so nobody can be sent their booklet (the sheet has: { $headers })
roster-no-email-column-hint = add a column Email with each participant's address (carnet knows { $known }…), or name yours in content/event.yaml, under `roster:`:
    {"      "}columns:
    {"        "}email: "Your header"
roster-formula-error = the cell shows a formula error, so it is read as empty
roster-formula-error-hint = correct the formula in the spreadsheet, or type the value instead
roster-total-row = this row looks like a total, not a participant: it is left out
roster-total-row-hint = nothing to do if it is a total; if it is a person, write their first name too
roster-id-only = this row has an ID but nothing else: it is left out
roster-id-only-hint = fill in the participant, or clear the ID
roster-no-name-both = no name: the last name and the first name are both empty
roster-no-name = no name: the cell is empty
roster-no-name-hint = write the participant's name, or delete the row if it is not a participant
roster-email-several = several addresses in one cell
roster-email-several-hint = keep one address per participant; put the other in another column
roster-email-no-at = not an email address: it has no @
roster-email-invalid = not an email address
roster-email-fix-hint = correct the address, or leave the cell empty (this participant will get no mail)
roster-unknown-profile = not one of the event's profiles
roster-unknown-profile-hint = write one of: { $profiles } (feminine and inclusive forms are understood), or add it to a profile's aliases in event.yaml
roster-id-unusable = this ID cannot name a file, so carnet makes one
roster-id-changed = this ID is changed to `{ $id }` so that it can name a file
roster-id-changed-hint = use only letters, digits, - and _ in IDs
roster-no-id = no ID, so carnet makes one from the name
roster-no-id-hint = fill in the ID, or remove the ID column to let carnet make every ID

# The rows against each other.
roster-same-person = the same person as row { $row } ({ $who })
roster-same-person-hint = delete one of the two rows; if they are two people, tell them apart (e.g. by their organisation)
roster-same-person-email = the same person as row { $row } (same name and email)
roster-same-person-email-hint = delete one of the two rows
roster-same-email = the same email as row { $row } ({ $name })
roster-same-email-hint = if they share this address, each gets their own mail at it; if it is one person, delete a row
roster-id-clash = this ID and the ID `{ $id }` of row { $row } ({ $name }) differ only by case or punctuation, so both would name the files `{ $files }`
roster-id-clash-hint = give the two participants IDs that differ by a letter or a digit
roster-id-used = this ID is already used by row { $row } ({ $name })
roster-id-used-hint = give each participant their own ID

# Characters no font of the event has.
roster-no-glyph = { $field ->
        [first_name] the first name
        [last_name] the last name
        [organisation] the organisation
        [city] the city
        [group] the group
       *[visit] the visit
    } of { $name }: no font has { $chars }; { $count ->
        [one] it
       *[other] they
    } would print as empty boxes
roster-no-glyph-extra = “{ $header }” of { $name }: no font has { $chars }; { $count ->
        [one] it
       *[other] they
    } would print as empty boxes
roster-no-glyph-hint = add a font that has these characters (a .ttf or .otf file, e.g. from the Noto family) to the event's fonts/ folder

## carnet mail.
##
## Its English is what carnet always said; the files, addresses, ids,
## names, times and the server's replies come as they are.

mail-no-mail-section = there is no `mail:` section: carnet does not know who sends the booklets, nor the subject and text of the message
mail-no-mail-section-hint = add a `mail:` section with `from`, `subject` and `body` (minijinja templates); `carnet init DIR` writes an example
mail-unknown-ids = { $flag } { $ids }: no participant with this id in the roster; the ids are in the first column of the pack's manifest.csv
mail-roster-errors = warning: { $count } problems in the roster { $file }; the rows concerned are left out (`carnet check` lists them)
mail-torn-journal = note: the last line of { $journal } was cut short by an interrupted run; it is ignored
mail-unseen-pack = note: the journal { $journal } records messages of this event, none for the { $count ->
        [one] booklet
       *[other] { $count } booklets
    } of { $pack }: all of them are new to the journal (late registrants?); check that this is the event meant
mail-stale = { $count ->
        [one] { $count } booklet is
       *[other] { $count } booklets are
    } stale ({ $names }{ $more }, listed above): their data changed since the pack was built, or their booklet is not in it; nothing was sent
mail-stale-more = and { $count } more
mail-stale-hint = rebuild the pack with `carnet build` (unchanged booklets keep their bytes, so nothing is sent twice), or leave these participants out with --only
mail-stale-absent = no booklet in the pack

# The roster and the pack side by side.
mail-without-email = { $count } { $count ->
        [one] participant
       *[other] participants
    } without an email (no message):
mail-stale-pack = warning: the pack may be stale, rebuild it with `carnet build`; no message for:
mail-person-problem = { $id } { $name }: { $problem }
mail-stale-made-for = the pack's { $file } was made for { $name }
mail-stale-old-pack = the pack was made by an earlier carnet that did not record what each booklet was made from
mail-stale-address = the pack's { $file } was made with the address { $was }; the roster now says { $now }
mail-stale-data = the pack's { $file } was made from other data: the roster's row { $row } or the event's content changed since the pack was built
mail-orphans = warning: the pack has booklets for ids that are not in the roster (the pack may be stale: rebuild it with `carnet build`):

# What the journal says.
mail-unchanged = Not in this pack, unchanged since sent: { $count } (the journal says so)
mail-unchanged-person = { $id } { $name }: sent on { $time }
mail-changed-absent = warning: { $id } { $name }: booklet changed since it was sent on { $time }, and this pack has none for them: to send the new one, use --resend { $id } with a pack that holds it
mail-already-sent = Already sent, skipped: { $count } (the journal says so; --resend ID sends again)
mail-sent-under-id = { $id } { $name }: sent on { $time } under the id { $was }, before a correction of the roster
mail-changed = warning: { $id } { $name }: booklet changed since it was sent on { $time }: use --resend { $id } to send the new one
mail-changed-under-id = warning: { $id } { $name }: booklet changed since it was sent on { $time } under the id { $was }: use --resend { $id } to send the new one
mail-refused-before = warning: { $id } { $name } <{ $to }>: refused by the server on { $time } ({ $reply }); correct the address in the roster, or use --resend { $id } to try again
mail-no-reply = no reply
mail-journal-busy = { $path }: another `carnet mail --send` is sending from this outbox; wait for it to finish (two senders could send a message twice)
mail-journal-read-only = { $path }: the journal was opened read-only
mail-journal-emptied = this event sent messages with this journal, which is now empty or was deleted: with it everyone would get a second message; nothing was sent
mail-journal-emptied-hint = restore the journal from a backup; if you mean to start over, remove its line from { $registry }
mail-journal-elsewhere = this event's messages are recorded in the journal { $other }; sending with { $journal } would send them again; nothing was sent
mail-journal-gone = this event sent messages with the journal { $other }, which is gone; with a new journal everyone would get a second message; nothing was sent
mail-journal-elsewhere-hint = send with --outbox { $folder } (or without --outbox when it is dist/outbox); if that journal is gone for good and you mean to start over, remove its line from { $registry }
mail-journal-other = warning: this event sends with the journal { $other }; this run reads { $journal }, which does not know what was sent (--outbox chooses it)
mail-journal-bad-line = line { $line } is not a journal record: { $error }
mail-journal-bad-line-hint = the journal is written by `carnet mail --send` only; restore that line, or delete it if you know what it said

# Why a message goes again.
mail-again-pending = again: the run of { $time } stopped before the server answered; same Message-ID, so that a copy can be recognised
mail-again-failed = again after temporary failures on { $time }
mail-again-resend-new = again, as --resend asks; new Message-ID
mail-again-resend = again, as --resend asks
mail-again-new-address = to a new address: the booklet went to { $to } on { $time }
mail-bad-address = participant { $id }: { $problem }
mail-bad-address-hint = correct the address in the roster
mail-unbuildable = participant { $id }: the message cannot be built: { $problem }
mail-unbuildable-hint = check the participant's address, and `mail.from` in event.yaml

# Sizes.
mail-attachments = Attachments: { $total } in all; the largest { $largest } ({ $id } { $name })
mail-heavy = warning: { $id } { $name }: the attachments weigh { $size }, over --max-size { $max }; base64 adds a third in the message, and some servers refuse large messages
mail-megabytes = { $size } MB

# The dry run.
mail-dry-nothing = Dry run: nothing to send.
mail-dry-to-send = Dry run: { $count } { $count ->
        [one] message
       *[other] messages
    } to send, written to { $outbox } (nothing was sent):
mail-from = From: { $from }
mail-reply-to = Reply-To: { $address }
mail-subject = Subject: { $subject }
mail-how-to-send = To send them: carnet mail --send --smtp smtps://smtp.example.org:465, with the login in { $user } and { $password }

# The send.
mail-sending = sending { $count } { $count ->
        [one] message
       *[other] messages
    } through { $server }, at most { $rate } a minute; journal: { $journal }
mail-try-again = { $progress }: { $reply }; trying again in { $delay } (try { $attempt })
mail-sent-to = { $progress }: sent to { $to }
mail-refused = { $progress }: refused by the server: { $reply }
mail-failed = { $progress }: not sent, the server kept failing: { $reply }
mail-unanswered = { $progress }: no answer after the message was sent ({ $what }); it may have arrived: a rerun sends it again with the same Message-ID
mail-stopped-at = { $progress }: not sent, stopped { $step }: { $reply }
mail-step = { $step ->
        [connect] while connecting
        [login] while logging in
        [mail] at MAIL FROM
        [rcpt] at RCPT TO
       *[data] at DATA
    }
mail-nothing-to-send = Nothing to send (journal: { $journal }).
mail-sent-through = Sent through { $server }: { $sent } of { $count } { $count ->
        [one] message
       *[other] messages
    } (journal: { $journal }).
mail-refused-list = Refused by the server ({ $count }):
mail-reply-line = { $id } { $to }: { $reply }
mail-failed-list = Not sent after repeated temporary failures ({ $count }); a rerun tries them again:
mail-not-sent-yet = Not sent yet: { $count }; rerun to send them: the journal skips what was sent.
mail-stopped = stopped { $step }: { $reply }
mail-refusals-in-a-row = stopped after { $count } refusals in a row: the server seems to refuse every message
mail-refusals-in-a-row-hint = read the replies above; a server that refuses mail from the sender's domain needs SPF, DKIM and DMARC set up for it (see the README)
mail-unanswered-error = { $count ->
        [one] { $count } message was
       *[other] { $count } messages were
    } sent but never answered: the connection dropped or timed out before the server's reply (listed above)
mail-unanswered-hint = they may have arrived: a rerun sends them again with the same Message-ID, by which a copy can be recognised
mail-undelivered = { $count ->
        [one] { $count } message was
       *[other] { $count } messages were
    } not delivered (listed above)
mail-undelivered-hint = correct refused addresses in the roster, rebuild the pack and rerun (or use --resend ID); rerun later for temporary failures
