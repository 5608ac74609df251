/// The words the sample data is made of. Deliberately multilingual: the browser must measure and draw
/// accented Latin and double-width CJK text correctly, so the demo data has to contain them.
enum DemoVocabulary {
    struct Place: Sendable {
        let city: String
        /// Latitude and longitude in units of 1e-4 degree, kept integral so formatting is exact.
        let latitude: Int
        let longitude: Int
        let language: String
    }

    struct VacancyTitle: Sendable {
        let title: String
        let language: String
    }

    static let places: [Place] = [
        Place(city: "Gent", latitude: 510_543, longitude: 37_174, language: "nl"),
        Place(city: "Brussel", latitude: 508_503, longitude: 43_517, language: "fr"),
        Place(city: "Antwerpen", latitude: 512_194, longitude: 44_025, language: "nl"),
        Place(city: "Paris", latitude: 488_566, longitude: 23_522, language: "fr"),
        Place(city: "Lyon", latitude: 457_640, longitude: 48_357, language: "fr"),
        Place(city: "München", latitude: 481_351, longitude: 115_820, language: "de"),
        Place(city: "Berlin", latitude: 525_200, longitude: 134_050, language: "de"),
        Place(city: "Madrid", latitude: 404_168, longitude: -37_038, language: "es"),
        Place(city: "東京", latitude: 356_762, longitude: 1_396_503, language: "ja"),
        Place(city: "上海", latitude: 312_304, longitude: 1_214_737, language: "zh"),
        Place(city: "서울", latitude: 375_665, longitude: 1_269_780, language: "ko"),
        Place(city: "New York", latitude: 407_128, longitude: -740_060, language: "en"),
        Place(city: "Boston", latitude: 423_601, longitude: -710_589, language: "en"),
    ]

    static let languages = ["en", "nl", "fr", "de", "es", "ja", "zh", "ko"]

    static let positions = [
        "Software Engineer", "Senior Software Engineer", "Data Analyst", "Data Scientist", "Product Manager",
        "HR Business Partner", "Recruiter", "Mechanical Engineer", "Electrical Engineer",
        "Maintenance Technician", "Warehouse Operator", "Logistics Coordinator", "Financial Controller",
        "Accountant", "Sales Representative", "Customer Success Manager", "UX Designer", "DevOps Engineer",
        "Quality Inspector", "Project Manager", "Ingénieure logicielle", "ソフトウェアエンジニア",
        "Développeur Full-Stack", "Data-Analyst (m/w/d)", "Chargée de recrutement", "Técnico de mantenimiento",
        "Projectleider", "数据分析师", "인사 담당자", "Contrôleur de gestion",
    ]

    /// The API's `organisational_unit` is an ID, not a name.
    static let organisationalUnitIDs = [
        "OU-ENG", "OU-DATA", "OU-OPS", "OU-SALES", "OU-PEOPLE", "OU-FIN", "OU-RND-GENT", "OU-LOG-MUC",
        "OU-TOKYO", "OU-MAD-VENTAS",
    ]

    /// A vacancy's `company` is the external ID of an External Company: one per employer, in order.
    static func companyID(_ employerIndex: Int) -> String {
        "ext-company-\(CivilDate.pad(employerIndex + 1, 3))"
    }

    /// The scale of a function's importance is not documented; the demo uses small integers.
    static let importances = ["1", "2", "3", "4", "5"]

    /// What a working-history entry says about the job; one is long, so wrapping shows.
    static let jobSummaries = [
        "Designed and maintained internal tools.",
        "Led a team of five; planning, hiring and day-to-day coaching.",
        "Responsable de la maintenance préventive des lignes de production.",
        "Verantwortlich für die Lagerlogistik und die Schichtplanung von 40 Mitarbeitenden.",
        "生産ラインの品質管理を担当。",
        "Built the reporting pipeline end to end: ingestion from twelve source systems, a dimensional model "
            + "in the warehouse, dashboards for finance and operations, and the on-call rota that kept it running.",
    ]

    /// Custom properties a tenant might attach (`include=custom_properties`).
    static let customPropertyNames = ["cost_center", "contract_type", "hire_source", "badge_color", "remote_days"]
    static let customPropertyValues = [
        ["CC-1100", "CC-2040", "CC-3300"], ["permanent", "fixed-term", "interim"], ["referral", "job board", "campus"],
        ["blue", "green"], ["0", "2", "3"],
    ]

    static let employers = [
        "TechWolf Demo NV", "Acme Manufacturing", "Brouwerij De Wolf", "Müller Logistik GmbH",
        "Société Générale de Mécanique", "株式会社デモ工業", "深圳示例科技有限公司", "Panadería El Sol S.L.",
        "Globex Corporation", "Initech",
    ]

    static let degrees = [
        "Master of Science in Computer Science", "Bachelor in Business Administration",
        "Professionele bachelor Elektromechanica", "Diplôme d'ingénieur", "Ausbildung Mechatroniker",
        "Grado en Administración de Empresas", "工学部 機械工学科", "计算机科学学士", "MBA",
    ]

    static let institutions = [
        "Universiteit Gent", "KU Leuven", "Hogeschool Gent", "École Centrale de Lyon",
        "Technische Universität München", "Universidad Complutense de Madrid", "東京大学", "复旦大学",
        "MIT",
    ]

    /// Sixty titles, one per vacancy `vac-0001`...`vac-0060`, in this order.
    static let vacancyTitles: [VacancyTitle] = english + french + german + spanish + dutch + japanese
        + chinese + korean

    private static let english = [
        "Mechanical Engineer", "Senior Data Analyst", "Backend Developer (Go)", "Warehouse Team Lead",
        "Customer Success Manager", "Maintenance Technician – Night Shift", "Electrical Engineer",
        "Product Owner", "Financial Controller", "Machine Learning Engineer", "HR Business Partner",
        "Forklift Driver", "Quality Assurance Specialist", "Frontend Developer (React)", "Supply Chain Planner",
        "Technical Writer", "Site Reliability Engineer", "Sales Development Representative",
        "Payroll Specialist", "Cloud Architect", "Production Operator", "Data Engineer",
    ].map { VacancyTitle(title: $0, language: "en") }

    private static let french = [
        "Ingénieur mécanique", "Développeur Full-Stack", "Chargé de recrutement", "Technicien de maintenance",
        "Contrôleur de gestion", "Responsable d'entrepôt", "Ingénieure qualité", "Chef de projet informatique",
    ].map { VacancyTitle(title: $0, language: "fr") }

    private static let german = [
        "Bäckereifachverkäuferin", "Softwareentwickler (m/w/d)", "Elektroniker für Betriebstechnik",
        "Lagerlogistiker", "Data-Analyst (m/w/d)", "Sachbearbeiter Buchhaltung", "Kfz-Mechatroniker",
    ].map { VacancyTitle(title: $0, language: "de") }

    private static let spanish = [
        "Ingeniero de software", "Técnico de mantenimiento", "Analista de datos", "Dependienta de panadería",
        "Jefe de almacén",
    ].map { VacancyTitle(title: $0, language: "es") }

    private static let dutch = [
        "Projectleider bouw", "Verpleegkundige", "Heftruckchauffeur",
    ].map { VacancyTitle(title: $0, language: "nl") }

    private static let japanese = [
        "機械エンジニア", "ソフトウェアエンジニア", "データサイエンティスト", "生産管理スタッフ", "人事担当者",
        "品質保証エンジニア",
    ].map { VacancyTitle(title: $0, language: "ja") }

    private static let chinese = [
        "数据分析师", "软件工程师", "机械设计工程师", "仓库主管", "人力资源专员", "产品经理",
    ].map { VacancyTitle(title: $0, language: "zh") }

    private static let korean = [
        "데이터 분석가", "소프트웨어 엔지니어", "물류 관리자",
    ].map { VacancyTitle(title: $0, language: "ko") }

    /// What people type into a search box: any language, any case, sometimes punctuation.
    static let freeTextTitles = [
        "mechanical engineer", "data analyst remote", "part-time bakery", "nurse", "forklift",
        "Ingénieur qualité", "développeur java", "Lagerarbeiter Teilzeit", "enfermera", "データサイエンティスト",
        "软件测试工程师", "물류", "warehouse night shift", "product manager fintech", "電気技術者",
        "UX/UI designer", "chauffeur C/CE", "Buchhalter (m/w/d)", "customer support – Dutch speaking",
        "machine learning",
    ]

    static func jobDescription(title: String, language: String, employer: String, city: String) -> String {
        switch language {
        case "fr":
            "\(employer) recherche un(e) \(title) à \(city).\nProfil : 3 ans d'expérience minimum."
        case "de":
            "\(employer) sucht eine(n) \(title) in \(city).\nAnforderungen: abgeschlossene Ausbildung."
        case "es":
            "\(employer) busca \(title) en \(city).\nRequisitos: experiencia mínima de 2 años."
        case "nl":
            "\(employer) zoekt een \(title) in \(city).\nVereisten: rijbewijs B."
        case "ja":
            "\(employer)は\(city)で\(title)を募集しています。\n応募資格：実務経験3年以上。"
        case "zh":
            "\(employer)在\(city)招聘\(title)。\n要求：三年以上相关经验。"
        case "ko":
            "\(employer)에서 \(city) 근무 \(title)를 채용합니다.\n자격 요건: 관련 경력 3년 이상."
        default:
            "\(employer) is looking for a \(title) in \(city).\nRequirements: 3+ years of relevant experience."
        }
    }
}
