# The header of the staff's pages.
nav-label = Staff pages
nav-stories = Stories
nav-my-stories = My services' stories
nav-services = Services
nav-signed-in = Signed in as { $name }
nav-sign-out = Sign out
sign-in = Sign in

# How long ago, at a glance.
age-now = under a minute
age-minutes = { $count ->
    [one] 1 minute
   *[other] { $count } minutes
}
age-hours = { $count ->
    [one] 1 hour
   *[other] { $count } hours
}
age-days = { $count ->
    [one] 1 day
   *[other] { $count } days
}

# The staff's dashboard: their services' stories.
dashboard-title = Your services' stories
dashboard-none-yet = No story about your services has been published yet. When one is, it is here, and you are emailed about it as you chose.
dashboard-waiting = { $count ->
    [0] Every story here has an answer from your services.
    [one] 1 story is waiting for an answer.
   *[other] { $count } stories are waiting for an answer.
}
dashboard-newest = The newest { $count } of each service are shown.
dashboard-caption = Published stories, those waiting for an answer first
dashboard-story = Story
dashboard-about = About
dashboard-published = Published
dashboard-criticality = Criticality
dashboard-answer = Answer
dashboard-ago = { $age } ago
dashboard-level = { $level } of 5
dashboard-not-rated = Not rated
dashboard-answered = Answered
dashboard-unanswered = Waiting
dashboard-moderator = You moderate the stories of every service: they are in
dashboard-queue = the moderation queue
dashboard-no-membership = You are not a member of any service's staff. If you should be, ask whoever runs your service on Tellcare to add you.
dashboard-emails = Your emails
dashboard-emails-what = For each service you answer for, choose which stories you are emailed about. Every story is on this page whatever you choose.
email-when-all = Every story, as it is published
email-when-critical = Only stories at or above a criticality, as they are published
email-when-daily = A daily digest, in the morning, of the day before
email-when-weekly = A weekly digest, on Monday mornings
email-when-none = No emails
dashboard-threshold = The criticality, for stories at or above it (0 not critical, 5 severely critical)
dashboard-save-emails = Save my emails for { $service }
dashboard-reports = Reports
dashboard-reports-what = What each service has learned from its stories, month by month, with charts and downloads.
dashboard-report-of = Report of { $service }
dashboard-managed = Services you manage
dashboard-managed-what = Their details, staff, invitation links and posters.

# A new member of staff sets their password.
welcome-title = Set your password
welcome-added = You have been added to the staff of a service on Tellcare. Choose a password for your account; you sign in with this password and your email address:
welcome-rules = At least { $min } characters, with a capital letter, a small letter and a number. A few words you will remember make a good one.
welcome-password = Password
welcome-confirm = The same password again
welcome-set = Set my password
password-too-short = Use at least { $min } characters.
password-too-simple = Use a capital letter, a small letter and a number.
password-not-same = The two passwords are not the same: type it again in both.
password-set = Your password is set
password-set-sign-in = Sign in with your email address and the password you chose.

# Staff search.
nav-search = Search
search-staff-title = Search stories
search-staff-everything = Every story in every status: its title and text, its answers, moderators' notes, and the text as its author wrote it while it awaits a decision.
search-staff-yours = The published stories of your services, and of the services under them.
search-staff-label = Words to search for
search-staff-status = Status
search-staff-any-status = Any status
search-staff-none = Only moderators, admins and the staff of a service can search stories here.
search-nothing-staff = No story you can read has the words “{ $words }”.
