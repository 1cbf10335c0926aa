import type { CreateProductionInput } from '../modules/catalog/index.js';
import type { HallInput, VenueInput } from '../modules/venues/index.js';

/** The demo accounts the README prints. */
export const DEMO_ACCOUNTS = {
  customer: { username: 'demo', password: 'demo123', phone: '13800000001', nickname: '演示观众' },
  merchant: { username: 'merchant', password: 'merchant123', phone: '13800000002', nickname: '星河票务' },
} as const;

type Cell = { row: number; col: number; kind: 'seat'; type?: string; category?: string };

/** A grid of seats with aisles at the given columns; `style` says what each seat is. */
function grid(
  rows: number,
  cols: number,
  aisles: number[],
  style: (row: number, col: number) => { type?: string; category?: string } = () => ({}),
): { rows: number; cols: number; cells: Cell[] } {
  const cells: Cell[] = [];
  for (let row = 1; row <= rows; row += 1) {
    for (let col = 1; col <= cols; col += 1) {
      if (!aisles.includes(col)) cells.push({ row, col, kind: 'seat', ...style(row, col) });
    }
  }
  return { rows, cols, cells };
}

/**
 * Hall 1 (10 × 16): aisles at columns 5 and 12, rows 6–7 VIP, the back row couple seats in pairs
 * (1–2, 3–4 | 6–7, 8–9, 10–11 | 13–14, 15–16). Hall 2 (18 × 30): the big screen, aisles at 8 and 23,
 * VIP in the middle block of rows 10–13. Hall 3 (8 × 10): a small room, standard seats only.
 */
export const CINEMA_HALLS: { body: HallInput; prices: { category: string; price: number }[] }[] = [
  {
    body: {
      name: '1号厅',
      seatMap: grid(10, 16, [5, 12], (row, col) => {
        if (row === 10) return { type: [1, 3, 6, 8, 10, 13, 15].includes(col) ? 'couple-left' : 'couple-right', category: 'couple' };
        if (row === 6 || row === 7) return { type: 'vip', category: 'vip' };
        return {};
      }),
    },
    prices: [
      { category: 'standard', price: 4500 },
      { category: 'vip', price: 6500 },
      { category: 'couple', price: 5500 },
    ],
  },
  {
    body: {
      name: 'IMAX厅',
      seatMap: grid(18, 30, [8, 23], (row, col) =>
        row >= 10 && row <= 13 && col > 8 && col < 23 ? { type: 'vip', category: 'vip' } : {},
      ),
    },
    prices: [
      { category: 'standard', price: 7500 },
      { category: 'vip', price: 9500 },
    ],
  },
  {
    body: { name: '3号厅', seatMap: grid(8, 10, []) },
    prices: [{ category: 'standard', price: 3900 }],
  },
];

export interface DemoMovie {
  production: Omit<CreateProductionInput, 'kind'> & { durationMinutes: number };
  /** What the licence cost the cinema, in fen. */
  licenceFee: number;
}

export const DEMO_MOVIES: DemoMovie[] = [
  {
    production: {
      title: '流浪地球2',
      originalTitle: 'The Wandering Earth II',
      synopsis: '太阳即将毁灭，人类在地球表面建造出巨大的推进器，寻找新的家园。',
      categories: ['sci-fi', 'adventure'],
      durationMinutes: 173,
      ageRating: 'PG-13',
      releaseDate: '2023-01-22',
    },
    licenceFee: 5_000_000,
  },
  {
    production: {
      title: '哪吒之魔童闹海',
      originalTitle: 'Ne Zha 2',
      synopsis: '天劫之后，哪吒与敖丙的灵魂保住了，但很快会魂飞魄散。',
      categories: ['animation', 'fantasy'],
      durationMinutes: 144,
      ageRating: 'G',
      releaseDate: '2025-01-29',
    },
    licenceFee: 8_000_000,
  },
  {
    production: {
      title: '满江红',
      originalTitle: 'Full River Red',
      synopsis: '南宋绍兴年间，岳飞死后四年，秦桧率兵与金国会谈，一桩离奇命案揭开惊天秘密。',
      categories: ['thriller', 'comedy'],
      durationMinutes: 159,
      ageRating: 'PG-13',
      releaseDate: '2023-01-22',
    },
    licenceFee: 3_000_000,
  },
  {
    production: {
      title: '热辣滚烫',
      originalTitle: 'YOLO',
      synopsis: '宅家多年的杜乐莹决定重新开始，在拳击中找回自己。',
      categories: ['comedy', 'drama'],
      durationMinutes: 129,
      ageRating: 'PG',
      releaseDate: '2024-02-10',
    },
    licenceFee: 2_500_000,
  },
  {
    production: {
      title: '封神第一部：朝歌风云',
      originalTitle: 'Creation of the Gods I: Kingdom of Storms',
      synopsis: '商王殷寿与妖狐妲己勾结，暴虐无道，引发天谴。',
      categories: ['fantasy', 'action'],
      durationMinutes: 148,
      ageRating: 'PG-13',
      releaseDate: '2023-07-20',
    },
    licenceFee: 2_000_000,
  },
  {
    production: {
      title: '深海',
      originalTitle: 'Deep Sea',
      synopsis: '少女参宿意外进入梦幻的深海世界，遇见了一个神秘的厨师。',
      categories: ['animation', 'fantasy'],
      durationMinutes: 112,
      ageRating: 'G',
      releaseDate: '2023-01-22',
    },
    licenceFee: 1_500_000,
  },
];

export const THEATRE_CONCERT = {
  venue: {
    name: '星河大剧院',
    kind: 'theatre',
    cityCode: '110100',
    address: '西城区西长安街 2 号',
    timezone: 'Asia/Shanghai',
    latitude: 39.903,
    longitude: 116.389,
    phone: '010-66550000',
  } satisfies VenueInput,
  production: {
    title: '星河之夜 · 交响音乐会',
    originalTitle: 'Starry River Night: A Symphony Concert',
    synopsis: '星河交响乐团演绎德沃夏克《自新大陆》与中国经典管弦乐作品。',
    categories: ['concert', 'classical'],
    durationMinutes: 120,
  },
  tiers: [
    { name: 'VIP', price: 128_000, capacity: 100 },
    { name: 'A', price: 88_000, capacity: 300 },
    { name: 'B', price: 48_000, capacity: 500 },
    { name: 'C', price: 18_000, capacity: 600 },
  ],
};

/**
 * A short performance at the theatre that starts soon after the first start, whatever the hour: the one
 * show of the demo whose tickets the door admits right away (tickets open two hours before the start).
 */
export const OPEN_REHEARSAL = {
  production: {
    title: '星河室内乐 · 公开排练',
    originalTitle: 'Starry River Chamber Music: Open Rehearsal',
    synopsis: '星河室内乐团的公开排练：一小时的莫扎特与海顿，欢迎提前入场。',
    categories: ['concert', 'classical'],
    durationMinutes: 60,
  },
  tiers: [{ name: '自由席', price: 5_000, capacity: 200 }],
  /** Minutes from the first start to the rehearsal, at least. */
  startsInMinutes: 45,
};

export const MUSEUM = {
  venue: {
    name: '星河博物馆',
    kind: 'museum',
    cityCode: '110100',
    address: '朝阳区北辰东路 15 号',
    timezone: 'Asia/Shanghai',
    latitude: 40.003,
    longitude: 116.397,
    phone: '010-84370000',
  } satisfies VenueInput,
  production: {
    title: '丝路遗珍 · 常设展',
    originalTitle: 'Treasures of the Silk Road',
    synopsis: '三百余件丝绸之路沿线出土文物，讲述两千年的交流与互鉴。',
    categories: ['exhibition', 'history'],
    durationMinutes: 180,
  },
  slots: [
    { label: '上午场', startsAt: '09:00', endsAt: '12:30', capacity: 800 },
    { label: '下午场', startsAt: '13:00', endsAt: '17:00', capacity: 800 },
  ],
  ticketTypes: [
    { type: 'adult', price: 6000 },
    { type: 'student', price: 3000 },
    { type: 'senior', price: 3000 },
    { type: 'child', price: 0 },
  ],
};
