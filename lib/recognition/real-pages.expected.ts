/**
 * What a person reads on each real LinkedIn page in `../shared/real-pages/pages/` (captures by other people, never
 * copied into this repository): the URL the page was served at, its kind, and the entities in order (record pages:
 * the subject, then its current company; list pages: every row in page order). Written by opening each page and
 * reading it, not by running the recogniser. Used by real-pages.test.ts (the score) and the benchmark (the URLs).
 *
 * How the pages were read:
 * - A field the page does not show is absent. Values are the page's visible text, trimmed, whitespace collapsed.
 * - `title` is the title of the first current position when the page shows the Experience section (or the top-card
 *   "current position" of a guest page), else the headline.
 * - `firstName`/`lastName`: the page's own split when it shows one (`profile:first_name` meta, "Message Sri Lalitha",
 *   Voyager `firstName`), else first token / rest; honorifics, emoji and parentheticals removed.
 * - `companyName` is the current company (Experience, "Current company" button, first top-card badge); the company
 *   entity that follows carries its LinkedIn page when the page links it.
 * - Company size is the range the page shows ("51-200 employees"); a count of members on LinkedIn ("38 employees")
 *   is not a size.
 * - `decoys` are other people and companies the page shows (viewer in the nav, mutual connections, "People also
 *   viewed", "More profiles for you", similar pages): none may appear in any entity.
 */
import type { PageKind } from '../domain/page-context';
import type { EntityField } from './types';

export type ExpectedEntity = { type: 'contact' | 'company' } & Partial<Record<EntityField, string>>;

export interface RealPage {
  file: string;
  url: string;
  kind: PageKind;
  entities: ExpectedEntity[];
  decoys?: string[];
}

const IN = 'https://www.linkedin.com/in/';
const CO = 'https://www.linkedin.com/company/';

/** A contact with its name split as the page splits it. */
function person(fullName: string, firstName: string, lastName: string, rest: Partial<Record<EntityField, string>> = {}): ExpectedEntity {
  return { type: 'contact', fullName, firstName, lastName, ...rest };
}

/** A search row: name, headline, location and profile link. */
function row(fullName: string, firstName: string, lastName: string, title: string | undefined, location: string | undefined, slug: string): ExpectedEntity {
  const entity = person(fullName, firstName, lastName, { linkedinUrl: IN + slug });
  if (title) entity.title = title;
  if (location) entity.location = location;
  return entity;
}

function company(name: string, linkedinId?: string): ExpectedEntity {
  return linkedinId ? { type: 'company', name, linkedinUrl: CO + linkedinId } : { type: 'company', name };
}

export const REAL_PAGES: RealPage[] = [
  // --- Logged-in Ember profiles, 2024 (scoutr) -------------------------------------------------------------------
  {
    file: 'li-profile-2024-self.html',
    url: `${IN}eduardo-alvarez-nowak/`,
    kind: 'linkedin-profile',
    entities: [
      person('Eduardo Alvarez Nowak', 'Eduardo', 'Alvarez Nowak', {
        title: 'Tech Education Team Lead',
        companyName: 'Novare Potential',
        location: 'Greater Stockholm Metropolitan Area',
        linkedinUrl: `${IN}eduardo-alvarez-nowak`,
      }),
      company('Novare Potential', '10464352'),
    ],
  },
  {
    file: 'li-profile-2024-a.html',
    url: `${IN}sri-lalitha-jeevanige-35520a61/`,
    kind: 'linkedin-profile',
    entities: [
      person('Sri Lalitha Jeevanige', 'Sri Lalitha', 'Jeevanige', {
        title: 'Scrum Master - Software Engineer',
        companyName: 'Swedbank',
        location: 'Stockholm, Stockholm County, Sweden',
        linkedinUrl: `${IN}sri-lalitha-jeevanige-35520a61`,
      }),
      company('Swedbank', '5049'),
    ],
    decoys: ['Eduardo', 'Sudipta Dey', 'Mohan Krishna Raguthu'],
  },
  {
    file: 'li-profile-2024-b.html',
    url: `${IN}abgargulo/`,
    kind: 'linkedin-profile',
    entities: [
      person('Abgar Gulo', 'Abgar', 'Gulo', {
        title: 'Co-Founder',
        companyName: 'Recruitjob.se',
        location: 'Greater Stockholm Metropolitan Area',
        linkedinUrl: `${IN}abgargulo`,
      }),
      company('Recruitjob.se'),
    ],
    decoys: ['Eduardo'],
  },
  {
    file: 'li-profile-2024-c.html',
    url: `${IN}surendrathota/`,
    kind: 'linkedin-profile',
    entities: [
      person('Surendra Thota', 'Surendra', 'Thota', {
        title: 'Technical Architect',
        companyName: 'Tata Consultancy Services',
        location: 'Stockholm, Stockholm County, Sweden',
        linkedinUrl: `${IN}surendrathota`,
      }),
      company('Tata Consultancy Services', '1353'),
    ],
  },
  {
    file: 'li-profile-2024-minimal.html',
    url: `${IN}vasileiosalevizos/`,
    kind: 'linkedin-profile',
    entities: [person('Vasileios Alevizos', 'Vasileios', 'Alevizos', { title: 'Researcher.', location: 'Sweden', linkedinUrl: `${IN}vasileiosalevizos` })],
  },
  // --- Logged-in Ember profiles, 2025 ------------------------------------------------------------------------------
  {
    file: 'li-profile-2025-03.html',
    url: `${IN}laxmimerit/`,
    kind: 'linkedin-profile',
    entities: [
      person('Laxmi Kant Tiwari', 'Laxmi Kant', 'Tiwari', {
        title:
          'Gen AI in Finance & Investment Services | Data Scientist | IIT Kharagpur | Asset Management | AI-Driven Financial Modeling | Search Ranking | NLP Python BERT AWS Elasticsearch GNN SQL LLM | AI in Investment Strategies',
        location: 'Mumbai, Maharashtra, India',
        linkedinUrl: `${IN}laxmimerit`,
      }),
    ],
    decoys: ['IGP', 'Ambika Prasanna Dhal', 'Pavithra M'],
  },
  {
    file: 'li-profile-2025-hashed.html',
    url: `${IN}dr-ds-chauhan-70690b49/`,
    kind: 'linkedin-profile',
    entities: [
      person('Dr. DS Chauhan', 'DS', 'Chauhan', {
        title: 'Associate Professor',
        companyName: 'NIMS University',
        location: 'Chandigarh, India',
        linkedinUrl: `${IN}dr-ds-chauhan-70690b49`,
      }),
      company('NIMS University', '80159142'),
    ],
  },
  {
    file: 'li-profile-details-2023.html',
    url: `${IN}harith-al-safi/details/education/`,
    kind: 'linkedin-profile',
    entities: [
      person('Harith Al-Safi', 'Harith', 'Al-Safi', {
        title: 'Software Engineer | Computer Engineer | AI Enthusiast',
        linkedinUrl: `${IN}harith-al-safi`,
      }),
    ],
    decoys: ['University of Leeds'],
  },
  {
    file: 'li-profile-2018-ember.html',
    url: `${IN}jeffweiner08/`,
    kind: 'linkedin-profile',
    entities: [
      person('Jeff Weiner', 'Jeff', 'Weiner', { title: 'CEO', companyName: 'LinkedIn', location: 'San Francisco Bay Area', linkedinUrl: `${IN}jeffweiner08` }),
      company('LinkedIn', '1337'),
    ],
    decoys: ['Anil Kulkarni', 'Aileen Lee', 'Kevin Systrom', 'Satya Nadella'],
  },
  // --- Logged-in SDUI profiles, 2026 ---------------------------------------------------------------------------------
  {
    file: 'li-profile-sdui-2026-a.html',
    url: `${IN}prafful026/`,
    kind: 'linkedin-profile',
    entities: [
      person('Prafful Agrawal', 'Prafful', 'Agrawal', {
        title: 'Senior Software Engineer @ Mercari, Japan',
        companyName: 'Mercari, Inc.',
        location: 'Tokyo, Japan',
        linkedinUrl: `${IN}prafful026`,
      }),
      company('Mercari, Inc.'),
    ],
    decoys: ['Yusuke', 'ABV-Indian'],
  },
  {
    file: 'li-profile-sdui-2026-b.html',
    url: `${IN}hibiki-kita-13740b91/`,
    kind: 'linkedin-profile',
    entities: [
      person('Hibiki Kita', 'Hibiki', 'Kita', {
        title: 'Job Consultant at IZANAU | Japanese, Spanish and English',
        companyName: 'MEYVN',
        location: 'Osaka, Japan',
        linkedinUrl: `${IN}hibiki-kita-13740b91`,
      }),
      company('MEYVN'),
    ],
    decoys: ['YUN-HSIN', 'Universidad Politécnica'],
  },
  {
    file: 'li-profile-sdui-2026-c.html',
    url: `${IN}shitokiden-yuto/`,
    kind: 'linkedin-profile',
    entities: [
      person('Hiroaki Tabata', 'Hiroaki', 'Tabata', {
        title:
          '#つながり大歓迎│エンジニア採用支援｜グローバル化支援│株式会社AKATSUKIでエンジニアさん向けのRA/CAをしています エンジニアさんのキャリアアップに繋がる情報や企業の採用活動の成功につながる情報を発信していきます！「言語やスキルを活かしてキャリアアップしたい！」「新しい領域に挑戦したい！」など、あなたの叶えたい未来を無料でお手伝いします🌟貴社の #IT人材不足 の課題解決をお手伝いします！ぜひお気軽にご相談ください！',
        companyName: '株式会社AKATSUKI',
        location: 'Osaka, Osaka, Japan',
        linkedinUrl: `${IN}shitokiden-yuto`,
      }),
      company('株式会社AKATSUKI'),
    ],
    decoys: ['Sahar', '中央大学'],
  },
  {
    file: 'li-profile-sdui-2026-d.html',
    url: `${IN}md-mosarrof-hossain-86a2a5159/`,
    kind: 'linkedin-profile',
    entities: [
      // The page addresses him as "Md Mosarrof" ("View Md Mosarrof’s verifications", "From Md Mosarrof's company").
      person('Md Mosarrof Hossain', 'Md Mosarrof', 'Hossain', {
        title:
          'Software Engineer at Deloitte Japan | AWS Certified DevOps Engineer | Database Speciality | Solutions Architect, ML & Data Engineer - Associate | AI Practitioner | Gen AI, Python, Java, JavaScript👨‍💻 | Django, React.js',
        companyName: 'Deloitte',
        location: 'Tokyo, Tokyo, Japan',
        linkedinUrl: `${IN}md-mosarrof-hossain-86a2a5159`,
      }),
      company('Deloitte'),
    ],
    decoys: ['East West University'],
  },
  {
    file: 'li-profile-sdui-2026-e.html',
    url: `${IN}vishnupriya-paramasivam-18665340/`,
    kind: 'linkedin-profile',
    entities: [
      person('Vishnupriya Paramasivam', 'Vishnupriya', 'Paramasivam', {
        title: 'HR-Operations',
        companyName: 'NEX-GEN Corporation',
        location: 'Coimbatore, Tamil Nadu, India',
        linkedinUrl: `${IN}vishnupriya-paramasivam-18665340`,
      }),
      company('NEX-GEN Corporation'),
    ],
    decoys: ['INFO Institute'],
  },
  {
    file: 'li-profile-sdui-2026-emoji.html',
    url: `${IN}rossrmartin/`,
    kind: 'linkedin-profile',
    entities: [
      person('Ross Martin 🚀', 'Ross', 'Martin', {
        title: 'APAC Lead - TA, Alexa + Amazon Science | Come and build the future with us!',
        companyName: 'Amazon Web Services (AWS)',
        location: 'Tokyo, Tokyo, Japan',
        linkedinUrl: `${IN}rossrmartin`,
      }),
      company('Amazon Web Services (AWS)'),
    ],
  },
  {
    file: 'li-profile-sdui-2026-f.html',
    url: `${IN}krushini-katakam-3544992a0/`,
    kind: 'linkedin-profile',
    entities: [
      person('Krushini Katakam', 'Krushini', 'Katakam', {
        title: 'Developer',
        companyName: 'Vardaan Data Sciences Pvt. Ltd.',
        location: 'Karimnagar, Telangana, India',
        linkedinUrl: `${IN}krushini-katakam-3544992a0`,
      }),
      company('Vardaan Data Sciences Pvt. Ltd.', '110897172'),
    ],
    decoys: ['1 yr', 'Likitha', 'Rudroju', 'Jyothishmathi'],
  },
  // --- Logged-out guest profiles -------------------------------------------------------------------------------------
  {
    file: 'li-public-2024-modal-a.html',
    url: 'https://se.linkedin.com/in/eduardo-alvarez-nowak',
    kind: 'linkedin-profile',
    entities: [
      person('Eduardo Alvarez Nowak', 'Eduardo', 'Alvarez Nowak', {
        title: 'Tech Education Team Lead',
        companyName: 'Novare Potential',
        location: 'Greater Stockholm Metropolitan Area',
        linkedinUrl: `${IN}eduardo-alvarez-nowak`,
      }),
      company('Novare Potential', 'novare-potential'),
    ],
    decoys: ['KTH'],
  },
  {
    file: 'li-public-2024.html',
    url: 'https://se.linkedin.com/in/sri-lalitha-jeevanige-35520a61',
    kind: 'linkedin-profile',
    entities: [
      person('Sri Lalitha Jeevanige', 'Sri Lalitha', 'Jeevanige', {
        title: 'Scrum Master - Software Engineer',
        companyName: 'Swedbank',
        location: 'Stockholm, Stockholm County, Sweden',
        linkedinUrl: `${IN}sri-lalitha-jeevanige-35520a61`,
      }),
      company('Swedbank', 'swedbank'),
    ],
  },
  {
    file: 'li-public-2024-modal-b.html',
    url: 'https://se.linkedin.com/in/abgargulo',
    kind: 'linkedin-profile',
    entities: [
      person('Abgar Gulo', 'Abgar', 'Gulo', { title: 'Co-Founder', companyName: 'Recruitjob.se', location: 'Greater Stockholm Metropolitan Area', linkedinUrl: `${IN}abgargulo` }),
      company('Recruitjob.se'),
    ],
    decoys: ['Nebraska', 'Arbetsförmedlingen'],
  },
  {
    file: 'li-public-2023-a.html',
    url: 'https://sg.linkedin.com/in/dulithawijewantha',
    kind: 'linkedin-profile',
    entities: [
      person('Dulitha Wijewantha', 'Dulitha', 'Wijewantha', {
        title: 'Co-Founder & CTO',
        companyName: 'Aristotle - Co-Pilot for Cold Sales',
        location: 'Singapore',
        linkedinUrl: `${IN}dulithawijewantha`,
      }),
      company('Aristotle - Co-Pilot for Cold Sales', 'aristotlehq'),
    ],
    decoys: ['Galway', 'CabbageApps'],
  },
  {
    file: 'li-public-2023-b.html',
    url: 'https://lk.linkedin.com/in/kekayan',
    kind: 'linkedin-profile',
    entities: [
      person('Kekayan Nanthakumar', 'Kekayan', 'Nanthakumar', {
        title: 'Senior Software Engineer',
        companyName: "Insighture - We're hiring",
        location: 'Colombo, Western Province, Sri Lanka',
        linkedinUrl: `${IN}kekayan`,
      }),
      company("Insighture - We're hiring", 'insighture'),
    ],
    decoys: ['Kelaniya', 'Pearson'],
  },
  {
    file: 'li-public-2016.html',
    url: 'https://de.linkedin.com/in/julianamelung',
    kind: 'linkedin-profile',
    entities: [
      person('Julian (Beisenkötter) Amelung', 'Julian', 'Amelung', {
        title: 'CEO',
        companyName: 'eXalted IT',
        location: 'Berlin Area, Germany',
        linkedinUrl: `${IN}julianamelung`,
      }),
      company('eXalted IT'),
    ],
    decoys: ['FinLeap', 'HitFox', 'Accenture', 'Duale'],
  },
  // --- Company pages -------------------------------------------------------------------------------------------------
  {
    file: 'li-company-2021.html',
    url: `${CO}audiense/`,
    kind: 'linkedin-company',
    entities: [
      {
        type: 'company',
        name: 'Audiense',
        domain: 'dashboard.audiense.com',
        industry: 'Marketing & Advertising',
        location: 'London, England',
        linkedinUrl: `${CO}audiense`,
      },
    ],
    decoys: ['Brandwatch', 'Pulsar', 'Jon Colás'],
  },
  {
    file: 'li-company-public-2024.html',
    url: 'https://uk.linkedin.com/company/audiense',
    kind: 'linkedin-company',
    entities: [
      {
        type: 'company',
        name: 'Audiense',
        domain: 'audiense.com',
        industry: 'Advertising Services',
        size: '51-200 employees',
        location: 'London, London',
        linkedinUrl: `${CO}audiense`,
      },
    ],
    decoys: ['Chris Underhill', 'Appwrite', 'Arkency', 'The Social Intelligence Lab'],
  },
  // --- People search -------------------------------------------------------------------------------------------------
  {
    file: 'li-search-2025-fr.html',
    url: 'https://www.linkedin.com/search/results/people/?keywords=RH%20recruteur%20blagnac&origin=GLOBAL_SEARCH_HEADER&page=4',
    kind: 'linkedin-search',
    entities: [
      row('Amélie Carnus', 'Amélie', 'Carnus', 'Chargée de recrutement', 'Toulouse', 'amélie-carnus-b9250721b'),
      row('Caroline Masson', 'Caroline', 'Masson', 'Chargée de recrutement', 'Cornebarrieu', 'caroline-masson-861678a3'),
      row('🔺Nicolas Lhomme', 'Nicolas', 'Lhomme', 'Consultant recrutement chez Triangle Interim Solution RH', 'Greater Toulouse Metropolitan Area', '🔺nicolas-lhomme-bb32121a1'),
      row(
        'Antoine Lauque',
        'Antoine',
        'Lauque',
        "Après une expérience dans la restauration puis dans le secteur du travail temporaire, je souhaite me diriger vers l'accompagnement et l'aide à la personne en réalisant une formation de Moniteur-Educateur.",
        'Greater Toulouse Metropolitan Area',
        'antoine-lauque-104a7b97',
      ),
      row('Morgane Morel', 'Morgane', 'Morel', 'HR', 'Greater Toulouse Metropolitan Area', 'morgane-morel-04594618a'),
      row('Abigaël Bourgade', 'Abigaël', 'Bourgade', 'Chargé de Recrutement chez Alten secteur Aéronautique, Énergie & Sciences de la Vie', 'Toulouse', 'abigaël-bourgade-285268205'),
      row(
        'Théo Guesnier 🌻',
        'Théo',
        'Guesnier',
        'Talent Acquisition Manager @Look Up 🚀 | Recruteur spécialisé en aérospatial et défense',
        'Greater Toulouse Metropolitan Area',
        'théo-guesnier-recruteur-indépendant',
      ),
      row('Alice Raji', 'Alice', 'Raji', 'Chargée de Recrutement & AE chez @KPMG Sud-Ouest', 'Toulouse', 'alice-raji-0462191b3'),
      row('Adeline Guignard', 'Adeline', 'Guignard', 'Chargée de Recrutement à Garonne Emploi Muret', 'Muret', 'adeline-guignard-60b759282'),
      row('Gwendoline Chatry', 'Gwendoline', 'Chatry', 'Chargée de recrutement & marque employeur', 'Greater Toulouse Metropolitan Area', 'gwendoline-chatry-85a810160'),
    ],
    decoys: ['Lola Pezet', 'Simon Aura', 'Amine EL-FALEH', 'Patrice Léotard', 'Cédric TENE', 'Laura Canellas', 'Mohamed Id Moulay', 'Diane Lechair', 'Cassam', 'Fournit des services'],
  },
  {
    file: 'li-search-2026-ember.html',
    url: 'https://www.linkedin.com/search/results/people/?keywords=accenture&origin=SWITCH_SEARCH_VERTICAL',
    kind: 'linkedin-search',
    entities: [
      row('Jwngma Goyary', 'Jwngma', 'Goyary', 'HR Operations in Accenture', 'Bengaluru', 'jwngma-goyary-3a23811b8'),
      row('Zaiba Khan', 'Zaiba', 'Khan', 'HR Recruiter at Accenture', 'Bengaluru', 'zaiba-khan-0365881b1'),
      row('Lakshmi Chandrasekharan', 'Lakshmi', 'Chandrasekharan', 'Senior Managing Director - CHRO, Accenture in India', 'Bengaluru', 'lakshmi-chandrasekharan-b22b18'),
      row('Manasvi R.', 'Manasvi', 'R.', 'HR Manager at Accenture', 'Bengaluru', 'manasvi-r-822510238'),
      row('Sukanya DP', 'Sukanya', 'DP', 'Recruiting Specialist at Accenture', 'Bengaluru', 'sukanya-dp-57b028260'),
      row('Yogita Bramhne', 'Yogita', 'Bramhne', 'HR Professional at Accenture', 'Bengaluru', 'yogita-bramhne-b1368b82'),
      row('Sahana Gowda', 'Sahana', 'Gowda', 'Technical Recruiter at Accenture', 'Bengaluru', 'sahana-gowda-30501016b'),
      row('Shree Lakha S', 'Shree', 'Lakha S', 'HR - Talent Acquisition @Accenture', 'Greater Bengaluru Area', 'shreelakhas'),
      row('Revathi Elumalai', 'Revathi', 'Elumalai', 'HR Recruiter', 'Bengaluru', 'revathi-elumalai-307165162'),
      row('Chandan Shetty', 'Chandan', 'Shetty', 'HR at Accenture', 'Bengaluru', 'cms28'),
    ],
    decoys: ['Siri G'],
  },
  {
    file: 'li-search-sdui-2026-a.html',
    url: 'https://www.linkedin.com/search/results/people/?keywords=software%20engineer&origin=GLOBAL_SEARCH_HEADER',
    kind: 'linkedin-search',
    entities: [
      row('Nikshith Reddy M.', 'Nikshith', 'Reddy M.', 'Software Engineer', 'Fullerton, California, United States', 'nikshith'),
      row('Alan Guo', 'Alan', 'Guo', 'Software Engineer - AI Intern @ Mooov | AI/ML Fellow @ Break through Tech by Cornell Tech', 'Irvine, California, United States', 'alanguow'),
      row('Venu Madhav', 'Venu', 'Madhav', 'Software Development Engineer in Test at Amtrak', 'United States', 'venumadhav-mallipeddi'),
      row('Amrutha Chowdary', 'Amrutha', 'Chowdary', 'Senior Software Engineer', 'United States', 'amru0823'),
      row('Aishwarya Ravichandran', 'Aishwarya', 'Ravichandran', 'Software Engineer | Full Stack • AI/ML • IAM | Ex-Accenture', 'United States', 'aishwaryaravi22'),
      row('Shayne Mousavi', 'Shayne', 'Mousavi', 'GenAI Engineer at Amazon | Artificial General Intelligence', 'Irvine, California, United States', 'shayne-mousavi-8893b656'),
      row('Raj Shah', 'Raj', 'Shah', 'Software Engineer - AI/ML @ Microsoft', 'Bellevue, Washington, United States', 'raj-shah-a40a38203'),
      row('Lokesh Samudrala', 'Lokesh', 'Samudrala', 'Software Engineer', 'San Francisco Bay Area', 'lokeshsamudrala'),
      row('Fatema Khan', 'Fatema', 'Khan', 'Software Engineer | AI/ML & Backend | M.S. Computer Science @ UMass Dartmouth', 'United States', 'fatema-khan-356742214'),
      row('Manav Prajapati', 'Manav', 'Prajapati', 'Software Engineer @ AWS AI/ML', 'Santa Clara, California, United States', 'manav13'),
    ],
    decoys: ['Chathrapathi', 'Aszad Syed', 'Justin Siek', 'Pravalika', 'Hemanth V', 'LITHIN', 'Avdhi', 'Try Premium'],
  },
  {
    file: 'li-search-sdui-2026-b.html',
    url: 'https://www.linkedin.com/search/results/people/?keywords=tcs&origin=GLOBAL_SEARCH_HEADER',
    kind: 'linkedin-search',
    entities: [
      row(
        'Jonathan Binny',
        'Jonathan',
        'Binny',
        'Automation | Reporting & Analysis | Smartsheet | Power BI | SQL | Exploratary Data Analysis | Python | Continuous Improvement',
        'Bengaluru, Karnataka, India',
        'jonathan-binny-728393279',
      ),
      row('Chaitanya Gogineni', 'Chaitanya', 'Gogineni', 'graduated from Presidency University Bangalore', 'Bangalore Urban, Karnataka, India', 'chaitanya-gogineni-893gc'),
      row(
        'M Nayan Kumar',
        'M',
        'Nayan Kumar',
        'Banking AML Analyst & Financial Crime Investigator | Transaction Monitoring, & Regulatory Compliance | US Banking',
        'Bengaluru South, Karnataka, India',
        'm-nayan-kumar',
      ),
      row('Devika S.', 'Devika', 'S.', 'Soft Skills Trainer at TCS, Talent Development', 'Bengaluru, Karnataka, India', 'devika-s-77b04a265'),
      row('Kapse Swathi', 'Kapse', 'Swathi', 'Graduate Trainee |', 'Bengaluru, Karnataka, India', 'contactkapseswathi'),
      row('M Shreepriya', 'M', 'Shreepriya', 'Associate System Engineer | TCS', 'Bangalore Urban, Karnataka, India', 'm-shreepriya'),
      row('Ram B', 'Ram', 'B', 'SJU 25 • TCS Ignite', 'Bengaluru, Karnataka, India', 'ram-connect'),
      row(
        'Bhavya Kumar',
        'Bhavya',
        'Kumar',
        'ICBA’26 | Aspiring Business Analyst | Process Associate | Business Processing Services | Supply Chain Management | Tata Consultancy Services',
        'Bengaluru, Karnataka, India',
        'bhavyakumar2910',
      ),
      row('Shreya Mishra', 'Shreya', 'Mishra', 'Backend data processing associate at TCS', 'Bengaluru, Karnataka, India', 'contact-shreyamishra'),
      row('Ramya Gouda', 'Ramya', 'Gouda', 'BBA Graduate|Finance enthusiastic|passionate about corporate finance|', 'Greater Bengaluru Area', 'ramya-gouda-7b7649279'),
    ],
    decoys: ['Amrit Shah', 'Salman Saleeq', 'Vinay Kumar'],
  },
  {
    file: 'li-search-2018.html',
    url: 'https://www.linkedin.com/search/results/people/?keywords=software%20engineer&origin=SWITCH_SEARCH_VERTICAL',
    kind: 'linkedin-search',
    entities: [
      row('John Son', 'John', 'Son', 'Fullstack Software Engineer', 'Greater Seattle Area', 'ACoAAB-Etr0BPK3c5MGDnvBh-b_1UGQYXVkXVHc'),
      row('Sergio Rojas', 'Sergio', 'Rojas', 'Software Engineer', 'Greater Seattle Area', 'ACoAAB2ajEUBmAU3uy3PC-XcRP0v-RpSxDfHa08'),
      row('Christopher Lee', 'Christopher', 'Lee', 'Software Engineer', 'Greater Seattle Area', 'ACoAAADk_dwBHKhJDDpbQdJwHfBNNrU8sp-EMho'),
      row('Maxim Oustiougov', 'Maxim', 'Oustiougov', 'Software engineer', 'Greater Seattle Area', 'ACoAAABU4zgB3X95RKVz-GAeack9OdHRHcU1Erc'),
      row('Nadine Curry', 'Nadine', 'Curry', 'Software Development Engineer', 'Greater Seattle Area', 'ACoAAAfYuW4BS_uxcUBjibmaIVCzoGR_smczSeA'),
    ],
    decoys: ['Arpad Asztalos', 'Kim T. Tran', 'Josh Fields', 'Basepaws'],
  },
  // --- Negative pages ------------------------------------------------------------------------------------------------
  {
    file: 'li-pulse-2019.html',
    url: 'https://www.linkedin.com/pulse/how-can-ai-change-financial-services-consolidation-finai-ramya-joseph',
    kind: 'unknown',
    entities: [],
  },
  {
    file: 'li-jobs-2025.html',
    url: 'https://www.linkedin.com/jobs/collections/recommended/',
    kind: 'unknown',
    entities: [],
  },
];
