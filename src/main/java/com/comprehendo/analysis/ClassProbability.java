package com.comprehendo.analysis;

/**
 * One class and the probability the model gave it.
 *
 * @param classIndex index into the model's class list
 * @param probability the softmax probability
 */
public record ClassProbability(int classIndex, float probability) {}
