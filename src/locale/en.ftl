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
