/** An indicator the platform cannot compute from the events it receives, and what it would need. */
export interface NotComputable {
  plan: string;
  titleZh: string;
  titleEn: string;
  /** The plan's 2025 figure as the plan words it (shown, not compared: nothing is measured). */
  planTarget: string;
  needs: string;
}

// Listed on the page rather than hidden (issue: "listed with what would be needed"). Where a
// department already holds the data but publishes no event, the entry names the event that would
// let this read model count it.
export const NOT_COMPUTABLE: readonly NotComputable[] = [
  {
    plan: '专栏1 indicator 3',
    titleZh: '流浪乞讨人员甄别寻亲返乡率',
    titleEn: 'Return rate of identified vagrants and beggars',
    planTarget: '100%',
    needs:
      'No service handles vagrancy assistance (救助管理站); it would need its own events of identification and return.',
  },
  {
    plan: '专栏1 indicator 6',
    titleZh: '养老机构护理型床位占比',
    titleEn: 'Nursing-type share of institution beds',
    planTarget: '55%',
    needs:
      'Eldercare holds institutions and their beds but publishes no event of bed counts; an eldercare.institution event with beds and nursing beds would do (admissions alone give occupancy, not capacity).',
  },
  {
    plan: '专栏1 indicator 7',
    titleZh: '镇街综合养老服务中心覆盖率',
    titleEn: 'Towns with a comprehensive elder-care centre',
    planTarget: '100%',
    needs:
      'Eldercare registers home-care sites without publishing them; an event when a comprehensive centre opens or closes, with its town.',
  },
  {
    plan: '专栏1 indicator 8',
    titleZh: '养老护理员培训人次',
    titleEn: 'Care-worker training, person-times',
    planTarget: '10000',
    needs: 'No service records training; an event per completed training (person-times) from eldercare.',
  },
  {
    plan: '专栏1 indicator 11',
    titleZh: '镇街未成年人保护工作站覆盖率',
    titleEn: 'Towns with a minor-protection workstation',
    planTarget: '100%',
    needs:
      'Child welfare records workstations without publishing them; an event when a workstation opens or closes, with its town.',
  },
  {
    plan: '专栏1 indicator 12',
    titleZh: '慈善信托数量',
    titleEn: 'Charity trusts',
    planTarget: '8',
    needs: 'Charity records trusts without publishing them; an event per trust filed (备案) or ended.',
  },
  {
    plan: '专栏1 indicator 13',
    titleZh: '社区综合服务设施志愿服务站覆盖率',
    titleEn: 'Community facilities with a volunteer station',
    planTarget: '80%',
    needs:
      'Charity records volunteer stations and governance community facilities without publishing either; events for facilities and for stations opened in them.',
  },
  {
    plan: '专栏1 indicator 14',
    titleZh: '福利彩票销售网点',
    titleEn: 'Welfare-lottery outlets',
    planTarget: '515',
    needs: 'Charity keeps an outlet register without events; an event per outlet opened or closed.',
  },
  {
    plan: '专栏1 indicator 15',
    titleZh: '城乡社区综合服务设施每百户面积',
    titleEn: 'Community facility area per 100 households',
    planTarget: '32 m²',
    needs:
      'Governance holds community facility areas and households without publishing them; an event with each community’s facility area and household count.',
  },
  {
    plan: '专栏1 indicator 16',
    titleZh: '每万城镇常住人口社区工作者',
    titleEn: 'Community workers per 10,000 urban residents',
    planTarget: '18',
    needs:
      'Governance holds community workers and resident counts without publishing them; events of both per community.',
  },
  {
    plan: '专栏1 indicator 18',
    titleZh: '社会组织专职工作人员',
    titleEn: 'Full-time staff of social organisations',
    planTarget: '40.6k',
    needs:
      'Annual reports are published without staff numbers; a staff count on governance.social-organisation.annual-report-filed.',
  },
  {
    plan: '专栏1 indicator 21',
    titleZh: '婚姻登记跨省通办',
    titleEn: 'Marriage registration across provinces',
    planTarget: '100%',
    needs: 'Marriage registration is not on the platform.',
  },
  {
    plan: '专栏1 indicator 22',
    titleZh: '节地生态安葬率',
    titleEn: 'Eco-friendly burial rate',
    planTarget: '92.4%',
    needs: 'Funeral and burial services are not on the platform (only the death signal arrives, through the data hub).',
  },
  {
    plan: '专栏1 indicator 23',
    titleZh: '镇街公益性安葬设施覆盖率',
    titleEn: 'Towns with public burial facilities',
    planTarget: '100%',
    needs: 'Burial facilities are not on the platform.',
  },
  {
    plan: '三（一）6 政策找人',
    titleZh: '预警已联系',
    titleEn: 'Alerts contacted',
    planTarget: '—',
    needs:
      'The policy engine records first contact on an alert but publishes only raised and resolved; a policy.alert.contacted event would do.',
  },
];
