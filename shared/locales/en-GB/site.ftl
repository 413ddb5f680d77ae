# The layout of every page.
skip-to-content = Skip to main content
site-description = Tell the story of the care you received. Every story is read before it is published, and the people who run the service can answer in public.
site-footer = Tellcare is open-source software for sharing experiences of health and care.
language-switch = Language

# The home page.
home-title = Share your experience of care
home-lead = Tell the story of the care you, or someone close to you, received. It is anonymous.
home-how = A moderator reads every story before it is published. Then the staff of the service are invited to answer it in public.
home-services = Services on Tellcare
home-no-services = No services have joined yet.

# The error page.
error-staff-sign-in = Go to the staff sign-in page
error-home = Go to the Tellcare home page
