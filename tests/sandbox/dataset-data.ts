/** Word lists for the fictional dataset. Every name, company and domain here is invented. */

/** Given names, deliberately varied (including non-ASCII). */
export const FIRST_NAMES = [
  'Ana', 'José', 'Zoë', 'Łukasz', 'Amara', 'Benedikt', 'Chloé', 'Dmitri', 'Elif', 'Farah', 'Gustavo', 'Hana',
  'Ingrid', 'Jonas', 'Keiko', 'Liam', 'Maëlle', 'Nikolai', 'Olivia', 'Priya', 'Quentin', 'Rosa', 'Søren', 'Tomás',
  'Uma', 'Valentina', 'Wojciech', 'Ximena', 'Yusuf', 'Zainab', 'Aurélie', 'Björn', 'Carmen', 'Daniel', 'Emma',
  'François', 'Greta', 'Hugo', 'Iñaki', 'Jana', 'Kwame', 'Lucía', 'Mateo', 'Noor', 'Oskar', 'Paula', 'Rafael',
  'Sofia', 'Tariq', 'Ursula', 'Vera', 'William', 'Yara', 'Zoltán', 'Agnieszka', 'Bruno', 'Dana', 'Ethan', 'Fatima',
  'Grace', 'Henrik', 'Isabel', 'Jamal', 'Katarzyna', 'Leo', 'Mia', 'Nathan', 'Orla', 'Pedro', 'Ruth', 'Sean',
  'Thea', 'Victor', 'Wen', 'Yosef', 'Mariam', 'Noah', 'Ava', 'Lena', 'Omar',
] as const;

/** Family names, deliberately varied (including non-ASCII). */
export const LAST_NAMES = [
  'Ruiz', 'García', 'Müller', 'Kowalski', 'Nowak', 'Okafor', 'Lindqvist', 'Dubois', 'Rossi', 'Novák', 'Haddad',
  'Tanaka', 'Chen', 'Patel', 'Cohen', 'Levi', 'Smith', 'Johnson', 'Brown', 'Williams', "O'Brien", 'MacLeod',
  'Fernández', 'Schröder', 'Jørgensen', 'Nieminen', 'Kovačević', 'Popescu', 'Yılmaz', 'Santos', 'Silva', 'Costa',
  'Moreau', 'Lefèvre', 'Bianchi', 'Esposito', 'Van der Berg', 'De Vries', 'Andersson', 'Hansen', 'Kim', 'Park',
  'Nguyen', 'Singh', 'Gupta', 'Ahmed', 'Mensah', 'Adeyemi', 'Murphy', 'Kelly', 'Walsh', 'Becker', 'Wagner',
  'Horváth', 'Szabó', 'Wiśniewski', 'Dąbrowski', 'Ivanova', 'Petrov', 'Ortiz', 'Morales', 'Navarro', 'Romero',
  'Sato', 'Ito', 'Friedman', 'Mizrahi', 'Carter', 'Hughes', 'Foster', 'Bennett', 'Reyes', 'Castillo',
] as const;

/** First halves of invented company names. */
export const COMPANY_PREFIXES = [
  'Northwind', 'Bluefin', 'Copperleaf', 'Driftwood', 'Emberline', 'Foxglove', 'Granite', 'Harbor', 'Ironbark',
  'Juniper', 'Kestrel', 'Lumen', 'Meridian', 'Nimbus', 'Orchard', 'Pinecrest', 'Quartz', 'Redwood', 'Silverline',
  'Tidewater', 'Umbra', 'Vantage', 'Willow', 'Yellowtail', 'Zephyr', 'Aster', 'Brightwater', 'Cinder', 'Dovetail',
  'Evergreen', 'Fjord', 'Glacier', 'Hollow Oak', 'Indigo', 'Jasper', 'Kinfolk', 'Larkspur', 'Mosaic', 'Nova',
  'Opal', 'Parallax', 'Quillon', 'Riverstone', 'Sable', 'Thistle', 'Upland', 'Verdant', 'Wavecrest', 'Alder',
  'Beacon', 'Cobalt', 'Delta Fern', 'Elmstead', 'Firefly',
] as const;

/** Second halves of invented company names, each with the industry it suggests. */
export const COMPANY_SUFFIXES = [
  { word: 'Analytics', industry: 'Technology, Information & Media' },
  { word: 'Robotics', industry: 'Manufacturing' },
  { word: 'Health', industry: 'Hospitals & Health Care' },
  { word: 'Logistics', industry: 'Transportation, Logistics, Supply Chain & Storage' },
  { word: 'Labs', industry: 'Technology, Information & Media' },
  { word: 'Capital', industry: 'Financial Services' },
  { word: 'Foods', industry: 'Food & Beverage Manufacturing' },
  { word: 'Energy', industry: 'Utilities' },
  { word: 'Software', industry: 'Software Development' },
  { word: 'Security', industry: 'Computer & Network Security' },
  { word: 'Studios', industry: 'Media & Telecommunications' },
  { word: 'Partners', industry: 'Business Consulting & Services' },
  { word: 'Retail', industry: 'Retail' },
  { word: 'Biotech', industry: 'Biotechnology Research' },
  { word: 'Systems', industry: 'IT Services & IT Consulting' },
] as const;

/** Company size bands, LinkedIn style. */
export const COMPANY_SIZES = [
  '11-50 employees', '51-200 employees', '201-500 employees', '501-1,000 employees', '1,001-5,000 employees',
  '5,001-10,000 employees',
] as const;

/** A place a person or company can be. */
export interface Place {
  country: string;
  countryIso2: string;
  state?: string;
  city: string;
  continent: string;
  eu: boolean;
}

/** Places inside the European Union (isEuContact = true). */
export const EU_PLACES: readonly Place[] = [
  { country: 'Germany', countryIso2: 'DE', state: 'Berlin', city: 'Berlin', continent: 'Europe', eu: true },
  { country: 'Germany', countryIso2: 'DE', state: 'Bavaria', city: 'Munich', continent: 'Europe', eu: true },
  { country: 'France', countryIso2: 'FR', state: 'Île-de-France', city: 'Paris', continent: 'Europe', eu: true },
  { country: 'France', countryIso2: 'FR', state: 'Auvergne-Rhône-Alpes', city: 'Lyon', continent: 'Europe', eu: true },
  { country: 'Spain', countryIso2: 'ES', state: 'Community of Madrid', city: 'Madrid', continent: 'Europe', eu: true },
  { country: 'Spain', countryIso2: 'ES', state: 'Catalonia', city: 'Barcelona', continent: 'Europe', eu: true },
  { country: 'Poland', countryIso2: 'PL', state: 'Masovian Voivodeship', city: 'Warsaw', continent: 'Europe', eu: true },
  { country: 'Poland', countryIso2: 'PL', state: 'Lesser Poland Voivodeship', city: 'Kraków', continent: 'Europe', eu: true },
  { country: 'Netherlands', countryIso2: 'NL', state: 'North Holland', city: 'Amsterdam', continent: 'Europe', eu: true },
  { country: 'Italy', countryIso2: 'IT', state: 'Lombardy', city: 'Milan', continent: 'Europe', eu: true },
  { country: 'Sweden', countryIso2: 'SE', state: 'Stockholm County', city: 'Stockholm', continent: 'Europe', eu: true },
  { country: 'Denmark', countryIso2: 'DK', state: 'Capital Region', city: 'Copenhagen', continent: 'Europe', eu: true },
  { country: 'Ireland', countryIso2: 'IE', state: 'Leinster', city: 'Dublin', continent: 'Europe', eu: true },
  { country: 'Portugal', countryIso2: 'PT', state: 'Lisbon', city: 'Lisbon', continent: 'Europe', eu: true },
  { country: 'Czechia', countryIso2: 'CZ', state: 'Prague', city: 'Prague', continent: 'Europe', eu: true },
];

/** Places outside the European Union. */
export const NON_EU_PLACES: readonly Place[] = [
  { country: 'United States', countryIso2: 'US', state: 'California', city: 'San Francisco', continent: 'North America', eu: false },
  { country: 'United States', countryIso2: 'US', state: 'New York', city: 'New York', continent: 'North America', eu: false },
  { country: 'United States', countryIso2: 'US', state: 'Texas', city: 'Austin', continent: 'North America', eu: false },
  { country: 'United States', countryIso2: 'US', state: 'Illinois', city: 'Chicago', continent: 'North America', eu: false },
  { country: 'United States', countryIso2: 'US', state: 'Washington', city: 'Seattle', continent: 'North America', eu: false },
  { country: 'United States', countryIso2: 'US', state: 'Massachusetts', city: 'Boston', continent: 'North America', eu: false },
  { country: 'Canada', countryIso2: 'CA', state: 'Ontario', city: 'Toronto', continent: 'North America', eu: false },
  { country: 'United Kingdom', countryIso2: 'GB', state: 'England', city: 'London', continent: 'Europe', eu: false },
  { country: 'United Kingdom', countryIso2: 'GB', state: 'Scotland', city: 'Edinburgh', continent: 'Europe', eu: false },
  { country: 'Israel', countryIso2: 'IL', state: 'Tel Aviv District', city: 'Tel Aviv', continent: 'Asia', eu: false },
  { country: 'Australia', countryIso2: 'AU', state: 'New South Wales', city: 'Sydney', continent: 'Oceania', eu: false },
  { country: 'Brazil', countryIso2: 'BR', state: 'São Paulo', city: 'São Paulo', continent: 'South America', eu: false },
  { country: 'Japan', countryIso2: 'JP', state: 'Tokyo', city: 'Tokyo', continent: 'Asia', eu: false },
  { country: 'Singapore', countryIso2: 'SG', city: 'Singapore', continent: 'Asia', eu: false },
  { country: 'Switzerland', countryIso2: 'CH', state: 'Zurich', city: 'Zurich', continent: 'Europe', eu: false },
];

/** A department with the words used to build job titles. */
export interface Department {
  name: string; // Lusha department string
  area: string; // "Director of <area>"
  role: string; // "Senior <role>"
  chief: string; // C-suite title
}

/** Departments (Lusha's department strings). */
export const DEPARTMENTS: readonly Department[] = [
  { name: 'Engineering & Technical', area: 'Engineering', role: 'Software Engineer', chief: 'Chief Technology Officer' },
  { name: 'Sales', area: 'Sales', role: 'Account Executive', chief: 'Chief Revenue Officer' },
  { name: 'Marketing', area: 'Marketing', role: 'Marketing Specialist', chief: 'Chief Marketing Officer' },
  { name: 'Product', area: 'Product', role: 'Product Manager', chief: 'Chief Product Officer' },
  { name: 'Finance', area: 'Finance', role: 'Financial Analyst', chief: 'Chief Financial Officer' },
  { name: 'Human Resources', area: 'People', role: 'HR Business Partner', chief: 'Chief People Officer' },
  { name: 'Operations', area: 'Operations', role: 'Operations Analyst', chief: 'Chief Operating Officer' },
  { name: 'Business Development', area: 'Partnerships', role: 'Partnerships Manager', chief: 'Chief Business Officer' },
  { name: 'Customer Service', area: 'Customer Success', role: 'Customer Success Manager', chief: 'Chief Customer Officer' },
  { name: 'Legal', area: 'Legal', role: 'Legal Counsel', chief: 'General Counsel' },
  { name: 'Information Technology', area: 'IT', role: 'Systems Administrator', chief: 'Chief Information Officer' },
];

/** Lusha seniority labels, most senior first (founders are added separately). */
export const SENIORITIES = ['C-Suite', 'Vice President', 'Director', 'Manager', 'Senior', 'Entry'] as const;

/** Honorifics and credentials some people show on LinkedIn. */
export const HONORIFIC_FORMS: readonly ((name: string) => string)[] = [
  (name) => `Dr. ${name}`,
  (name) => `${name}, PhD`,
  (name) => `${name} MBA`,
  (name) => `${name}, CPA`,
  (name) => `Prof. Dr. ${name}`,
];

/** Short headline tails, LinkedIn style. */
export const HEADLINE_TAILS = [
  'Building things that last', 'Data-driven and curious', 'Helping teams ship faster', 'Mentor and speaker',
  'Coffee, code and customers', 'Opinions are my own', 'Always learning', 'Growth at heart',
] as const;

/** Continent of a country in the place lists ("Europe", "Asia", …); "Unknown" for others. */
export function continentOf(countryIso2: string): string {
  return [...EU_PLACES, ...NON_EU_PLACES].find((p) => p.countryIso2 === countryIso2)?.continent ?? 'Unknown';
}
