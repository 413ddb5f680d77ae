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
