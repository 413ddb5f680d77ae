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
error-not-found = Page not found
error-unauthorized = Sign in to continue
error-forbidden = You cannot see this page
error-gone = This page is no longer here
error-busy = Please try again in a moment
error-busy-detail = The service is busy. Nothing you sent was lost; please try again in a moment.
error-bad-request = There is a problem with this request
error-ours = Sorry, something went wrong
error-ours-detail = Something went wrong on our side. Nothing you sent was lost; please try again.

# The months, as dates are written: 22 November 2026.
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
