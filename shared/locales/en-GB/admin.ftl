# The roles of staff, and the emails they chose.
staff-role-responder = Responder
staff-role-service_admin = Service admin
email-when-critical-at-least = Stories of criticality { $level } or more, as they are published

# A service's trail of changes: a sentence, then what it changed.
change-member-added = Added { $name } as { $role ->
    [service_admin] service admin
   *[responder] responder
}
change-member-removed = Removed { $name }
change-member-emails = { $name } chose their emails
change-service-added = Added the service “{ $name }”
change-service-changed = Changed the service
change-renamed = renamed “{ $before }” → “{ $after }”
change-described = described anew
change-moved = moved in the tree
change-archived = archived
change-restored = restored
change-language = now opens in { $language }
change-link-added = Made the invitation link “{ $label }” (/tell/{ $slug })
change-link-changed = The invitation link /tell/{ $slug }
change-link-deleted = deleted
change-link-on = switched on
change-link-off = switched off
change-link-relabelled = now “{ $label }”
change-link-language = now opens in { $language }
change-link-details = its welcome, tags or survey changed

# The list of services, and the form to add one.
services-title = Services – Moderation
services-heading = Services
services-none = There are no services yet.
services-archived = (archived)
services-add = Add a service
service-field-name = Name
service-field-parent = Part of
service-no-parent = Nothing: a service of its own
service-field-description = Description
service-field-language = Language of its pages and posters
service-language-hint = Its new invitation links open in this language; a Welsh link's poster is in Welsh and English, Welsh first.
services-add-button = Add the service

# One service's page.
service-title = { $service } – Moderation
service-caption-archived = Service (archived: it takes no new stories)
service-report-link = Report of { $service }: its stories, answers and changes, month by month
service-change = Change the name, description or language, or archive this service
service-archived-choice = Archived: takes no new stories (its stories stay)
service-save = Save the service
service-staff = Staff
service-staff-what = Responders are emailed when a story about this service is published, with a link to answer it, and answer from their dashboard too. Service admins manage this service and those under it.
service-no-staff = No staff yet.
service-staff-caption = Staff of { $service }
service-staff-name = Name
service-staff-job = Job
service-staff-role = Role
service-staff-email = Email
service-staff-remove = Remove
service-suppressed = { $reason ->
    [complained] Mail to this address was marked as spam
   *[other] Mail to this address bounced
} ({ $date }): nothing more is sent to it. Remove this responder and add the right address.
service-add-member = Add a member of staff
service-add-member-what = They are emailed an invitation to set a password for their account.
service-field-job = Job title
service-field-email = Email address
service-field-role = Role
service-role-responder = Responder: reads and answers this service's stories
service-role-admin = Service admin: manages this service, its staff and links
service-field-member-language = Language of their emails
service-add-member-button = Add the member
service-links = Invitation links
service-no-links = No invitation links yet.
service-links-caption = Invitation links of { $service }
service-link-label = Label
service-link-address = Address
service-link-opened = Opened
service-link-stories = Stories
service-link-switch = Switch
service-link-off = (off)
service-link-switch-off = Switch off
service-link-switch-on = Switch on
service-links-posters = QR codes and posters of these links
service-make-link = Make an invitation link
service-field-link-label = Where the poster goes
service-field-welcome = Welcome message
service-field-link-language = Language of its page and poster
service-link-language-hint = A Welsh link opens its page in Welsh, and its poster is in Welsh and English, Welsh first.
service-make-link-button = Make the link
service-trail = Changes
service-no-changes = No changes to its staff, details or links yet.
service-changes-caption = The latest changes to { $service }, newest first
service-change-when = When
service-change-who = Who
service-change-what = What
service-change-at = { $date }, { $time } UTC

# A service's links, with their QR codes and posters.
links-title = Invitation links of { $service }
links-caption = Staff
links-none = This service has no invitation links yet.
links-qr-alt = QR code for { $address }
links-address = Address
links-status = Status
links-open = Taking stories
links-off = Switched off: its page tells people where else to go
links-opened = Opened
links-opened-times = { $count ->
    [one] once
   *[other] { $count } times
}
links-stories = Stories told
links-tags = Tags
links-poster = Poster to print
links-png = QR code as PNG
links-svg = QR code as SVG
links-for = for { $label }

# A service's report.
report-title = Report of { $service }
report-caption = Report
report-part-of = Part of
report-manage = Manage { $service }
report-from = From the month
report-to = To the month
report-show = Show the report
report-period = { $from } to { $to }
report-period-backwards = The period starts ({ $from }) after it ends ({ $to })
report-period-too-long = A report covers at most { $max } months: start it later, or end it sooner
report-what = Everything told about { $service } and the services under it. A story is counted in the month it was told, and its publication, answers and changes in the month each happened.
report-told = Stories told
report-published = Published
report-rejected = Rejected
report-withdrawn = Withdrawn by their authors
report-answered = Published stories answered
report-hours = Hours from publication to the first answer
report-hours-figures = median { $median }, 90th percentile { $p90 }
report-planned = Answers with a change planned
report-made = Answers with a change made
report-on-behalf = Told by staff or volunteers on someone's behalf
report-over-guidance = Over the { $percent } the guidance allows
report-over = over { $percent }
report-download = Download:
report-csv = the figures as CSV
report-json = the figures as JSON
report-stories-csv = the period's published stories as CSV
report-by-month = Month by month
report-months-caption = The figures of each month of the period, and of the whole period
report-col-month = Month
report-col-told = Told
report-col-published = Published
report-col-rejected = Rejected
report-col-withdrawn = Withdrawn
report-col-on-behalf = On someone's behalf
report-col-answered = Share answered
report-col-median = Median hours to an answer
report-col-p90 = 90th percentile hours
report-col-planned = Changes planned
report-col-made = Changes made
report-whole-period = The whole period
report-children = The services under it
report-children-caption = Each service under { $service }, with everything under it, over the period
report-col-service = Service
report-links = Invitation links
report-no-links = No invitation link was opened or told through in the period.
report-links-caption = Each invitation link: how often it was opened, and the stories told through it
report-col-link = Link
report-col-opened = Opened
report-col-conversion = Stories per 100 opens
report-tags = Tags
report-no-tags = No story told in the period was tagged.
report-tags-caption = Stories told in the period, by tag
report-col-tag = Tag
chart-stories = Stories told and published, month by month
chart-response-rate = Share of the month's published stories answered
chart-channels = How the period's stories were told
chart-criticality = Criticality of the period's published stories, as moderators rated them
chart-how = How
chart-criticality-axis = Criticality
chart-answered = Answered
chart-stories-series = Stories
chart-level = { $level } of 5
channel-short-web = Website
channel-short-invitation_link = Link
channel-short-leaflet = Leaflet
channel-short-phone = Phone
channel-short-assisted = Assisted

# Signing in and out.
session-signed-in = You are signed in
session-going-on = Going on to the stories…
session-go-on = Go to the stories
session-signed-out = You have signed out
session-close = Close this window if you share this computer.
session-sign-in-again = Sign in again

# What an error page says went wrong.
error-no-membership = You have no membership with this id: it may have ended.
error-no-story = No story has this id.
error-no-action = There is no such action.
error-sign-in-incomplete = The sign-in did not complete. Please sign in again.
error-story-not-yours = This story is not about a service you answer for, or it is not published.
error-link-deleted = This invitation link was deleted.
error-no-link = No invitation link has this address.
error-send-json = Send the body as JSON with Content-Type: application/json.
error-send-form = Send the form from its page.
error-form-unreadable = The form could not be read. Please go back and send it again.
error-not-moderator = Your account is not a moderator's or an admin's.
error-no-service = No service has this id.
error-sign-in = Sign in to continue.
error-sign-in-expired = Your sign-in is not valid or has expired. Sign in again.
error-idempotency-key = The Idempotency-Key is 1 to 255 visible ASCII characters, such as a UUID.
error-changed-first = Someone else changed this first. Reload and try again.
error-reply-decided = This reply was decided already.
error-link-closed = This invitation link is not taking stories any more.
error-gone-to-change = This is no longer here to change.
error-withdrawn = You withdrew this story.
error-no-account = There is no account with this address.
error-no-reply = This story has no reply with this id.
error-no-answer = You have no answer with this id.
error-not-through-site = This address is not served directly. Use the site's own address.
error-nothing-here = There is nothing at this address.
error-csrf = This form has expired or did not come from Tellcare. Go back, reload the page and try again.
error-moderators-only = Moderation is for Tellcare's moderators and admins. Your stories are on your dashboard, at /staff.
