CREATE TABLE "action_dependencies" (
	"action_id" uuid NOT NULL,
	"depends_on_id" uuid NOT NULL,
	CONSTRAINT "action_dependencies_action_id_depends_on_id_pk" PRIMARY KEY("action_id","depends_on_id")
);
--> statement-breakpoint
CREATE TABLE "action_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	"title" text NOT NULL,
	"status" text NOT NULL,
	"percent_complete" integer NOT NULL,
	"start_on" date,
	"due_on" date NOT NULL,
	"owner_person_id" uuid,
	"notes" text
);
--> statement-breakpoint
CREATE TABLE "actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"improvement_plan_id" uuid,
	"ref" text NOT NULL,
	"title" text NOT NULL,
	"owner_person_id" uuid,
	"organisation_id" uuid,
	"start_on" date,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'not-started' NOT NULL,
	"percent_complete" integer DEFAULT 0 NOT NULL,
	"milestone" boolean DEFAULT false NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "actions_percent" CHECK ("actions"."percent_complete" between 0 and 100),
	CONSTRAINT "actions_dates" CHECK ("actions"."start_on" is null or "actions"."start_on" <= "actions"."due_on")
);
--> statement-breakpoint
CREATE TABLE "challenge_issues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"body" text NOT NULL,
	"raised_by" text NOT NULL,
	"raised_by_user_id" uuid,
	"raised_at" timestamp with time zone NOT NULL,
	"response" text,
	"responded_by" text,
	"responded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "challenge_reviewers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "challenge_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by" text NOT NULL,
	"note" text,
	"outcome" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text
);
--> statement-breakpoint
CREATE TABLE "commentaries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"period" text NOT NULL,
	"commentary" text NOT NULL,
	"actions" text,
	"support_needed" text,
	"author_user_id" uuid,
	"author_label" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "commentary_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"due_on" date,
	"last_reminded_at" timestamp with time zone,
	"reminders" integer DEFAULT 0 NOT NULL,
	"fulfilled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "delivery_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"target_id" uuid,
	"outcome_key" uuid,
	"title" text NOT NULL,
	"purpose" text,
	"lead_person_id" uuid,
	"partners" text,
	"funding_note" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "delivery_plans_one_subject" CHECK (num_nonnulls("delivery_plans"."target_id", "delivery_plans"."outcome_key") = 1)
);
--> statement-breakpoint
CREATE TABLE "escalations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid,
	"title" text NOT NULL,
	"question" text NOT NULL,
	"raised_by" text NOT NULL,
	"raised_by_user_id" uuid,
	"raised_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decision" text,
	"decided_by" text,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"decided_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "flexibility_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"ref" text NOT NULL,
	"title" text NOT NULL,
	"outcome_key" uuid,
	"department" text NOT NULL,
	"business_case" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"submitted_at" timestamp with time zone,
	"decision" text,
	"decided_on" date,
	"go_comments" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "improvement_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_reason" text NOT NULL,
	"owner_person_id" uuid,
	"summary" text,
	"review_on" date,
	"status" text DEFAULT 'open' NOT NULL,
	"signed_off_at" timestamp with time zone,
	"signed_off_by" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outcome_progress" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"outcome_key" uuid NOT NULL,
	"period" text NOT NULL,
	"progress" text NOT NULL,
	"gaps" text,
	"author_user_id" uuid,
	"author_label" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "risk_appetites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"category" text NOT NULL,
	"max_score" integer NOT NULL,
	"set_by" text NOT NULL,
	"set_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "risk_appetites_score" CHECK ("risk_appetites"."max_score" between 1 and 25)
);
--> statement-breakpoint
CREATE TABLE "risk_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"risk_id" uuid NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL,
	"reviewed_by" text NOT NULL,
	"likelihood" integer NOT NULL,
	"impact" integer NOT NULL,
	"controls" text,
	"status" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "risk_workshop_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workshop_id" uuid NOT NULL,
	"organisation_id" uuid,
	"description" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "risk_workshops" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "risks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"ref" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"target_id" uuid,
	"outcome_key" uuid,
	"category" text,
	"owner_person_id" uuid,
	"controls" text,
	"inherent_likelihood" integer,
	"inherent_impact" integer,
	"likelihood" integer NOT NULL,
	"impact" integer NOT NULL,
	"target_likelihood" integer,
	"target_impact" integer,
	"review_on" date,
	"status" text DEFAULT 'open' NOT NULL,
	"workshop_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "risks_at_most_one_subject" CHECK (num_nonnulls("risks"."target_id", "risks"."outcome_key") <= 1),
	CONSTRAINT "risks_scores" CHECK ("risks"."likelihood" between 1 and 5 and "risks"."impact" between 1 and 5
        and coalesce("risks"."inherent_likelihood", 1) between 1 and 5 and coalesce("risks"."inherent_impact", 1) between 1 and 5
        and coalesce("risks"."target_likelihood", 1) between 1 and 5 and coalesce("risks"."target_impact", 1) between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "partnerships" ADD COLUMN "logo_data" "bytea";--> statement-breakpoint
ALTER TABLE "partnerships" ADD COLUMN "logo_type" text;--> statement-breakpoint
ALTER TABLE "partnerships" ADD COLUMN "logo_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "action_dependencies" ADD CONSTRAINT "action_dependencies_action_id_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_dependencies" ADD CONSTRAINT "action_dependencies_depends_on_id_actions_id_fk" FOREIGN KEY ("depends_on_id") REFERENCES "public"."actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_versions" ADD CONSTRAINT "action_versions_action_id_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_plan_id_delivery_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."delivery_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_improvement_plan_id_improvement_plans_id_fk" FOREIGN KEY ("improvement_plan_id") REFERENCES "public"."improvement_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_issues" ADD CONSTRAINT "challenge_issues_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_issues" ADD CONSTRAINT "challenge_issues_round_id_challenge_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."challenge_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_reviewers" ADD CONSTRAINT "challenge_reviewers_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_rounds" ADD CONSTRAINT "challenge_rounds_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_rounds" ADD CONSTRAINT "challenge_rounds_plan_id_delivery_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."delivery_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commentaries" ADD CONSTRAINT "commentaries_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commentaries" ADD CONSTRAINT "commentaries_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commentary_requests" ADD CONSTRAINT "commentary_requests_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commentary_requests" ADD CONSTRAINT "commentary_requests_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commentary_requests" ADD CONSTRAINT "commentary_requests_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commentary_requests" ADD CONSTRAINT "commentary_requests_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_plans" ADD CONSTRAINT "delivery_plans_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_plans" ADD CONSTRAINT "delivery_plans_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_plans" ADD CONSTRAINT "delivery_plans_lead_person_id_people_id_fk" FOREIGN KEY ("lead_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flexibility_requests" ADD CONSTRAINT "flexibility_requests_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_plans" ADD CONSTRAINT "improvement_plans_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_plans" ADD CONSTRAINT "improvement_plans_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_plans" ADD CONSTRAINT "improvement_plans_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_progress" ADD CONSTRAINT "outcome_progress_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_appetites" ADD CONSTRAINT "risk_appetites_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_reviews" ADD CONSTRAINT "risk_reviews_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_workshop_sources" ADD CONSTRAINT "risk_workshop_sources_workshop_id_risk_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."risk_workshops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_workshop_sources" ADD CONSTRAINT "risk_workshop_sources_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_workshops" ADD CONSTRAINT "risk_workshops_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_versions_action_idx" ON "action_versions" USING btree ("action_id","recorded_at");--> statement-breakpoint
CREATE INDEX "actions_plan_idx" ON "actions" USING btree ("plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "actions_partnership_ref_key" ON "actions" USING btree ("partnership_id",regexp_replace(lower("ref"), '\s+', '', 'g')) WHERE "actions"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "challenge_issues_round_idx" ON "challenge_issues" USING btree ("round_id");--> statement-breakpoint
CREATE UNIQUE INDEX "challenge_reviewers_user_key" ON "challenge_reviewers" USING btree ("partnership_id","user_id") WHERE "challenge_reviewers"."archived_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "challenge_rounds_plan_number_key" ON "challenge_rounds" USING btree ("plan_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "commentaries_current_key" ON "commentaries" USING btree ("target_id","period") WHERE "commentaries"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "commentaries_partnership_idx" ON "commentaries" USING btree ("partnership_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "commentary_requests_key" ON "commentary_requests" USING btree ("round_id","target_id","person_id");--> statement-breakpoint
CREATE INDEX "commentary_requests_person_idx" ON "commentary_requests" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "delivery_plans_partnership_idx" ON "delivery_plans" USING btree ("partnership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_plans_target_key" ON "delivery_plans" USING btree ("target_id") WHERE "delivery_plans"."archived_at" is null and "delivery_plans"."target_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_plans_outcome_key" ON "delivery_plans" USING btree ("partnership_id","outcome_key") WHERE "delivery_plans"."archived_at" is null and "delivery_plans"."outcome_key" is not null;--> statement-breakpoint
CREATE INDEX "escalations_partnership_idx" ON "escalations" USING btree ("partnership_id","status");--> statement-breakpoint
CREATE INDEX "escalations_subject_idx" ON "escalations" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "flexibility_requests_partnership_idx" ON "flexibility_requests" USING btree ("partnership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "flexibility_requests_ref_key" ON "flexibility_requests" USING btree ("partnership_id",regexp_replace(lower("ref"), '\s+', '', 'g')) WHERE "flexibility_requests"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "improvement_plans_partnership_idx" ON "improvement_plans" USING btree ("partnership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "improvement_plans_open_key" ON "improvement_plans" USING btree ("target_id") WHERE "improvement_plans"."status" = 'open' and "improvement_plans"."archived_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "outcome_progress_current_key" ON "outcome_progress" USING btree ("partnership_id","outcome_key","period") WHERE "outcome_progress"."superseded_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "risk_appetites_category_key" ON "risk_appetites" USING btree ("partnership_id",lower("category")) WHERE "risk_appetites"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "risk_reviews_risk_idx" ON "risk_reviews" USING btree ("risk_id","reviewed_at");--> statement-breakpoint
CREATE INDEX "risk_workshop_sources_workshop_idx" ON "risk_workshop_sources" USING btree ("workshop_id");--> statement-breakpoint
CREATE INDEX "risk_workshops_partnership_idx" ON "risk_workshops" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "risks_partnership_idx" ON "risks" USING btree ("partnership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "risks_partnership_ref_key" ON "risks" USING btree ("partnership_id",regexp_replace(lower("ref"), '\s+', '', 'g')) WHERE "risks"."archived_at" is null;