ALTER TABLE "partnerships" ADD COLUMN "allow_self_approval" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "accumulation" text;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "decimals" integer;--> statement-breakpoint
ALTER TABLE "target_versions" ADD COLUMN "published" boolean DEFAULT false NOT NULL;