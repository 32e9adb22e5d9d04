/**
 * Every selector and localised label the LinkedIn profile extractor uses, in one place, with the layout and date each
 * comes from (page-recognition.md §1, §2.1, §6.2). When LinkedIn changes its markup, this is the file to edit.
 */

/** Server-driven UI (SDUI, React, hashed class names), logged-in profile 2025–26; shape measured 2026-09. */
export const SDUI = {
  /** The top card: `id`/`componentkey` "com.linkedin.sdui.profile.card.ref<memberRef>Topcard". */
  topCard: '[id$="Topcard"], [componentkey$="Topcard"]',
  /** SDUI profile markers, also present on sub-routes without a top card (`/details/experience/`): attributes first… */
  marker: '[componentkey], [data-testid^="profile_"]',
  /** …then ids (`…Topcard`, `profileCards…`), tested last because id suffix/substring matching scans every id. */
  idMarker: '[id$="Topcard"], [id*="profileCards"]',
  /** The name: the top card's only `<h2>` (SDUI has no `<h1>` for the person). */
  name: 'h2',
  /** Unlabelled top-card lines: degree, pronouns, headline (twice: full then truncated), location. */
  line: 'p',
  /** Current company / school badges in the top card. */
  badge: '[role="button"]',
  /** Containers whose `<p>` lines are not the headline (name link, follower links, badges, actions). */
  notHeadline: 'a, h2, button, [role="button"]',
  contactInfoLink: 'a[href*="/overlay/contact-info"]',
  photo: 'img[src*="profile-displayphoto"]',
  /** Experience card on the profile (`…TopLevelSection_<slug>`) and on `/details/experience/` (`…DetailsSection_<slug>`). */
  experience:
    '[data-testid^="profile_ExperienceTopLevelSection_"], [data-testid^="profile_ExperienceDetailsSection_"], [id*="profileCardsExperienceOnly"]',
  experienceItem: '[componentkey^="entity-collection-item-"]',
} as const;

/** Legacy Ember ("voyager-web") logged-in profile, ≤2025; classes measured on 2024-07/08 captures. */
export const LEGACY = {
  name: 'h1.text-heading-xlarge, h1.inline.t-24',
  /** The top card around the name; `data-member-id` seen 2024. */
  topCard: 'section[data-member-id], .pv-top-card, section.artdeco-card',
  /** Headline; may be rendered twice (full + truncated), the first wins. */
  headline: 'div.text-body-medium.break-words',
  location: 'span.text-body-small.inline.t-black--light.break-words',
  /** Older top cards name the location in a class: `pv-top-card-section__location` (2018), hCard `locality` (2016). */
  locationWord: '[class*="location"], [class*="locality"]',
  photo: 'img[src*="profile-displayphoto"]',
  /** Top-card buttons whose localised aria-label reads "Current company: <X>. Click to skip to experience card". */
  labelledButton: 'button[aria-label], a[aria-label], [role="button"][aria-label]',
  /** The `<div id="experience">` anchor inside the Experience `<section>`. */
  experienceAnchor: '#experience, #experience-section',
  /** One row (or one role nested in a grouped row), 2024; the `li` around it is read only on older pages without it. */
  experienceItem: '[data-view-name="profile-component-entity"]',
} as const;

/** Logged-out public ("guest") profile; `top-card-layout__*` classes seen 2024. */
export const PUBLIC = {
  topCard: '.top-card-layout',
  name: 'h1.top-card-layout__title, h1',
  headline: '.top-card-layout__headline',
  subline: '.top-card-layout__first-subline',
  currentCompany: 'a[data-tracking-control-name$="topcard-current-company"]',
  photo: 'img[src*="profile-displayphoto"]',
  experience: 'section[data-section="experience"]',
  experienceItem: 'li.experience-item, li.profile-section-card',
  jsonLd: 'script[type="application/ld+json"]',
  canonical: 'link[rel="canonical"]',
} as const;

/** Shared by the logged-in layouts. */
export const SHARED = {
  /** Voyager data islands (Ember 2024; SDUI keeps them in the interop iframe, which is a separate document). */
  voyagerCode: 'code[id^="bpr-guid-"]',
  /** `{request, body}` naming the Voyager request behind each island. */
  voyagerDatalet: 'code[id^="datalet-bpr-guid-"]',
  /** The contact-info overlay (`/overlay/contact-info/`): `#pv-contact-info` (Ember) or any dialog. */
  contactDialog: '[role="dialog"], #pv-contact-info',
  mailto: 'a[href^="mailto:"]',
  tel: 'a[href^="tel:"]',
  profileLink: 'a[href*="/in/"]',
  companyLink: 'a[href*="/company/"]',
} as const;

/** The viewer's own data island: `/voyager/api/me` (never the page subject). */
export const VOYAGER_ME_REQUEST_RE = /\/voyager\/api\/me(?:[/?#]|$)/;

/** Localised label prefixes (EN / FR / DE / ES, plus IT / PT / NL), compared lower-case. */
export const LABELS = {
  currentCompany: ['current company', 'entreprise actuelle', 'aktuelles unternehmen', 'empresa actual', 'azienda attuale', 'empresa atual', 'huidig bedrijf'],
  education: ['education', 'formation', 'ausbildung', 'educación', 'formación', 'istruzione', 'formação', 'opleiding'],
  phone: ['phone', 'téléphone', 'telefon', 'teléfono', 'telefono', 'telefone', 'telefoon'],
  contactInfo: ['contact info', 'coordonnées', 'kontaktinfo', 'información de contacto', 'informazioni di contatto', 'informações de contato', 'contactgegevens'],
} as const;

/** "Present" in an experience date range ("Jan 2021 - Present", "janv. 2021 - aujourd’hui", "seit 2021 - heute"). */
export const PRESENT_RE = /(?:^|[^\p{L}])(?:present|presente|heute|aujourd['’]hui|actualidad|actualmente|atual|oggi|heden)(?:$|[^\p{L}])/iu;

/** A date-range line: a year or "Present". */
export const DATE_LINE_RE = /\b(?:19|20)\d{2}\b/;

/** Follower / connection counts: "547 followers", "500+ connections", "1.234 Follower". */
export const COUNT_RE = /^\d[\d.,\s\u00a0\u202f]*\+?\s*\p{L}[\p{L}\s]*$/u;

/** Degree of connection after the name: "· 2nd", "3rd+", "2e", "2.", "2º". */
export const DEGREE_RE = /^[·•\s]*\d\S{0,4}(?:\s?(?:\+|et \+|y \+))?$/;

/** Pronoun lines ("She/Her", "il/lui"). */
export const PRONOUNS = new Set(['he', 'him', 'his', 'she', 'her', 'hers', 'they', 'them', 'theirs', 'il', 'lui', 'elle', 'iel', 'er', 'ihm', 'sie', 'ihr', 'él', 'ella', 'elle']);

/** Text that is never a person's name (document titles of non-profile views). */
export const NOT_A_NAME = new Set(['linkedin', 'feed', 'notifications', 'messaging', 'my network', 'jobs', 'sign in', 'sign up', 'log in', 'join linkedin', 'profile']);
