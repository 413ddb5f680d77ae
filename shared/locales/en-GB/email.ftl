# Emails. $title arrives in quotation marks; $expires and $date are dates in words.
email-footer = Tellcare: stories of care, read before they are published.
email-dear = Dear { $name },
email-next = What happens next:
email-ignore = If you did not ask for it, you can ignore this email.

email-received-subject = We have your story
email-received-thanks = Thank you for telling your story.
email-received-reference = Your reference is { $reference }.
email-received-step-read = A moderator reads your story, usually within two working days.
email-received-step-told = Once it is published, the staff of the service are told, and can answer in public.
email-received-step-email = We email you when it is published and when someone answers.
email-received-follow = Follow your story, answer a question from us, or withdraw it

email-published-subject = Your story is published
email-published = Your story { $title } is published.
email-published-read = Read your story
email-published-told = The staff of the service have been told, and can answer in public. We will email you when they do.
email-published-follow = Follow your story, or withdraw it

email-responder-subject = A story about { $service } is published
email-responder-published = A story about { $service } has been published: { $title }.
email-responder-read = Read the story
email-responder-answer = Answer it in public, and say whether a change is planned or made (this link is yours alone, and works until { $expires })

email-contacted-subject = A question about your story
email-contacted = A moderator has a question about your story { $reference }:
email-contacted-answer = Answer the question, and your story goes back to the moderators

email-rejected-subject = About the story you told us
email-rejected-thanks = Thank you for telling your story { $reference }.
email-rejected-sorry = We are sorry: we cannot publish it. The moderator said:
email-rejected-again = You are welcome to tell your story again.

email-answered-subject = { $service } answered your story
email-answered = { $responder } of { $service } has answered your story { $title } ({ $change }):
email-answered-read = Read it on your story's page
email-answered-reply = Reply to it, or withdraw your story

email-new-link-subject = Your new link
email-new-link = Here is your new link for the story { $story }. It works until { $expires }.
email-new-link-open = Open the story

email-invitation-subject = You are invited to answer for { $service } on Tellcare
email-invitation = { $by } has added you to the staff of { $service } on Tellcare, as { $role }. People tell Tellcare their experience of the service; moderators read every story before it is published, and you can read the published ones and answer them in public.
email-invitation-set-password = Set a password for your account (this link works once, until { $expires })
email-invitation-then-sign-in = Then sign in
email-invitation-has-account = You have an account already: sign in as you do, and the service is on your dashboard
email-invitation-ignore = If you did not expect this, you can ignore this email.

email-digest-subject-daily = { $count ->
    [one] Your daily digest: 1 story about your services
   *[other] Your daily digest: { $count } stories about your services
}
email-digest-subject-weekly = { $count ->
    [one] Your weekly digest: 1 story about your services
   *[other] Your weekly digest: { $count } stories about your services
}
email-digest-daily = Your daily digest: the stories about your services published on { $date }.
email-digest-weekly = Your weekly digest: the stories about your services published in the week from { $date }.
email-digest-story = { $title }, about { $service }
email-digest-read = Read it
email-digest-dashboard = Every story of your services, and how you are emailed about them, is on your dashboard

# The words of an answer's change.
change-none = No change
change-planned = Change planned
change-made = Change made
change-missing = Choose whether a change is planned, made, or not
